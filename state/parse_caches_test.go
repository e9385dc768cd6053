package state

import (
	"reflect"
	"testing"
)

// A CONTAINER_JSON text decoded once is not parsed again: every call gives a container
// equal to a fresh decoding, of its own (changing one leaves the next alone), and a text
// without a container gives none, also when asked again.
func TestDecodedContainerIsRemembered(t *testing.T) {
	e := New(Options{})
	text := []byte(`{"container":{"id":"3ad7b26ded6d","name":"web","image":"nginx:1.25","type":0,` +
		`"lookup_state":1,"Mounts":[{"Source":"/srv","Destination":"/usr/share/nginx/html"}],"labels":{"app":"web"}}}`)
	first := e.decodedContainer(text)
	if first == nil || first.ID != "3ad7b26ded6d" || first.Name != "web" {
		t.Fatalf("decoded %+v", first)
	}
	fresh := New(Options{}).decodedContainer(text)
	first.Name = "changed"
	again := e.decodedContainer(text)
	if again == first {
		t.Fatal("the same container twice: callers would share it")
	}
	if !reflect.DeepEqual(again, fresh) {
		t.Errorf("remembered %+v, decoded afresh %+v", again, fresh)
	}
	if len(e.containerTexts.m) != 1 {
		t.Errorf("%d texts remembered, want 1", len(e.containerTexts.m))
	}
	for range 2 {
		if c := e.decodedContainer([]byte(`{"other":{}}`)); c != nil {
			t.Errorf("a text without a container gave %+v", c)
		}
	}
	for i := range maxCachedTexts + 10 {
		e.decodedContainer([]byte(`{"container":{"id":"c` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `"}}`))
	}
	if len(e.containerTexts.m) > maxCachedTexts {
		t.Errorf("%d texts remembered, at most %d wanted", len(e.containerTexts.m), maxCachedTexts)
	}
}

// A cgroups blob of clone and execve exits parsed once is not parsed again: the result
// equals parseCgroups, and the remembered blobs stay bounded.
func TestCgroupsOfIsRemembered(t *testing.T) {
	e := New(Options{})
	blob := []byte("cpuset=/docker/3ad7b26ded6d\x00cpu=/docker/3ad7b26ded6d\x00memory=/docker/3ad7b26ded6d\x00")
	first := e.cgroupsOf(blob)
	if want := parseCgroups(blob); !reflect.DeepEqual(first, want) || len(first) != 3 {
		t.Fatalf("cgroupsOf = %+v, want %+v", first, want)
	}
	again := e.cgroupsOf(append([]byte(nil), blob...)) // the same bytes elsewhere
	if &again[0] != &first[0] {
		t.Error("a blob parsed before was parsed again")
	}
	if got := e.cgroupsOf(nil); got != nil {
		t.Errorf("no blob gave %+v", got)
	}
	for i := range maxCachedTexts + 10 {
		e.cgroupsOf([]byte("cpu=/c" + string(rune('a'+i%26)) + string(rune('a'+i/26))))
	}
	if len(e.cgroupTexts.m) > maxCachedTexts {
		t.Errorf("%d blobs remembered, at most %d wanted", len(e.cgroupTexts.m), maxCachedTexts)
	}
}
