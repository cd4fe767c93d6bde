//go:build linux

package analysis

import (
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE of Linux's madvise(2).
const madvHugepage = 14

// bigAlloc returns zeroed memory for n values of T, mapped outside the
// Go heap and, where the kernel allows it (transparent huge pages in
// "madvise" or "always" mode), backed by 2 MiB pages, and the function
// that releases it. The kernels' per-node state is read at random over
// tens of megabytes; with 4 KiB pages nearly every such read also misses
// the TLB. Falls back to the Go heap when the mapping fails. T must hold
// no pointers: the garbage collector does not scan mapped memory. The
// memory is not counted by the Go runtime (GOMEMLIMIT, runtime metrics).
func bigAlloc[T any](n int) ([]T, func()) {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	if size < 4<<20 {
		return make([]T, n), func() {}
	}
	const huge = 2 << 20
	mem, err := syscall.Mmap(-1, 0, size+huge, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]T, n), func() {}
	}
	// Align to a huge page, so that the whole range can use them.
	skip := (huge - int(uintptr(unsafe.Pointer(&mem[0])))%huge) % huge
	_ = syscall.Madvise(mem[skip:skip+size], madvHugepage)
	return unsafe.Slice((*T)(unsafe.Pointer(&mem[skip])), n), func() { _ = syscall.Munmap(mem) }
}
