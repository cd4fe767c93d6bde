//go:build !linux

package analysis

// bigAlloc returns zeroed memory for n values of T on the Go heap and a
// function that releases it (here: nothing to do). On Linux it asks for
// huge pages; see hugemem_linux.go. T must hold no pointers.
func bigAlloc[T any](n int) ([]T, func()) {
	return make([]T, n), func() {}
}
