package probe

//go:generate go tool bpf2go -cc clang -cflags "-O2 -g -Wall -Werror" -target bpfel -type scry_stats -type scry_syscall -go-package probe btf ../bpf/scry.bpf.c -- -I../bpf
//go:generate go tool bpf2go -cc clang -cflags "-O2 -g -Wall -Werror -DSCRY_RAW_TP" -target bpfel -type scry_stats -type scry_syscall -go-package probe rawtp ../bpf/scry.bpf.c -- -I../bpf
//go:generate go tool bpf2go -cc clang -cflags "-O2 -g -Wall -Werror -DSCRY_SYSCALL_TP" -target bpfel -type scry_stats -type scry_syscall -go-package probe systp ../bpf/scry.bpf.c -- -I../bpf
