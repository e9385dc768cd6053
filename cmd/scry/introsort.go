package main

import "math/bits"

// introsort sorts s by less exactly as the C++ standard library of GNU (std::sort:
// introsort with median-of-three pivots, heapsort past the depth limit, a final
// insertion sort over runs of 16) does, so elements that compare equal end up in the
// same order as in sysdig's tables.
func introsort[T any](s []T, less func(a, b *T) bool) {
	if len(s) < 2 {
		return
	}
	introLoop(s, 0, len(s), 2*(bits.Len(uint(len(s)))-1), less)
	finalInsertion(s, 0, len(s), less)
}

const introThreshold = 16

func introLoop[T any](s []T, first, last, depth int, less func(a, b *T) bool) {
	for last-first > introThreshold {
		if depth == 0 {
			heapSort(s[first:last], less)
			return
		}
		depth--
		cut := partitionPivot(s, first, last, less)
		introLoop(s, cut, last, depth, less)
		last = cut
	}
}

func partitionPivot[T any](s []T, first, last int, less func(a, b *T) bool) int {
	mid := first + (last-first)/2
	medianToFirst(s, first, first+1, mid, last-1, less)
	return unguardedPartition(s, first+1, last, first, less)
}

func medianToFirst[T any](s []T, result, a, b, c int, less func(a, b *T) bool) {
	switch {
	case less(&s[a], &s[b]):
		switch {
		case less(&s[b], &s[c]):
			s[result], s[b] = s[b], s[result]
		case less(&s[a], &s[c]):
			s[result], s[c] = s[c], s[result]
		default:
			s[result], s[a] = s[a], s[result]
		}
	case less(&s[a], &s[c]):
		s[result], s[a] = s[a], s[result]
	case less(&s[b], &s[c]):
		s[result], s[c] = s[c], s[result]
	default:
		s[result], s[b] = s[b], s[result]
	}
}

func unguardedPartition[T any](s []T, first, last, pivot int, less func(a, b *T) bool) int {
	for {
		for less(&s[first], &s[pivot]) {
			first++
		}
		last--
		for less(&s[pivot], &s[last]) {
			last--
		}
		if first >= last {
			return first
		}
		s[first], s[last] = s[last], s[first]
		first++
	}
}

func finalInsertion[T any](s []T, first, last int, less func(a, b *T) bool) {
	if last-first > introThreshold {
		insertionSort(s, first, first+introThreshold, less)
		for i := first + introThreshold; i < last; i++ {
			linearInsert(s, i, less)
		}
		return
	}
	insertionSort(s, first, last, less)
}

func insertionSort[T any](s []T, first, last int, less func(a, b *T) bool) {
	for i := first + 1; i < last; i++ {
		if less(&s[i], &s[first]) {
			v := s[i]
			copy(s[first+1:i+1], s[first:i])
			s[first] = v
		} else {
			linearInsert(s, i, less)
		}
	}
}

// linearInsert moves s[i] down to its place; something before it is not greater.
func linearInsert[T any](s []T, i int, less func(a, b *T) bool) {
	v := s[i]
	j := i - 1
	for less(&v, &s[j]) {
		s[j+1] = s[j]
		j--
	}
	s[j+1] = v
}

// heapSort is std::partial_sort over the whole range: make_heap, then sort_heap.
func heapSort[T any](s []T, less func(a, b *T) bool) {
	n := len(s)
	for parent := (n - 2) / 2; ; parent-- {
		adjustHeap(s, parent, n, s[parent], less)
		if parent == 0 {
			break
		}
	}
	for last := n - 1; last > 0; last-- {
		v := s[last]
		s[last] = s[0]
		adjustHeap(s, 0, last, v, less)
	}
}

// adjustHeap is __adjust_heap: sift the hole at hole down to a leaf, then push v up.
func adjustHeap[T any](s []T, hole, n int, v T, less func(a, b *T) bool) {
	top := hole
	child := hole
	for child < (n-1)/2 {
		child = 2 * (child + 1)
		if less(&s[child], &s[child-1]) {
			child--
		}
		s[hole] = s[child]
		hole = child
	}
	if n&1 == 0 && child == (n-2)/2 {
		child = 2 * (child + 1)
		s[hole] = s[child-1]
		hole = child - 1
	}
	parent := (hole - 1) / 2
	for hole > top && less(&s[parent], &v) {
		s[hole] = s[parent]
		hole = parent
		parent = (hole - 1) / 2
	}
	s[hole] = v
}
