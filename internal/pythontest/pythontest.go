// Package pythontest finds, for tests that check kiezgraph's output with
// Python libraries no one here wrote (NetworkX, python-igraph,
// jsonschema), a python3 that has them. It holds no test logic of its own.
package pythontest

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Python returns the path of a python3 that can import every module of
// modules (comma-separated, as in a Python import statement), which
// make python-deps installs as the package named what. Without one the
// test skips, or fails when KIEZGRAPH_REQUIRE_PYTHON=1 (as under make
// test), so that the check cannot silently stop running.
func Python(t testing.TB, what, modules string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err == nil {
		if out, ierr := exec.Command(py, "-c", "import "+modules).CombinedOutput(); ierr != nil {
			err = errors.New(strings.TrimSpace(string(out)))
		}
	}
	if err != nil {
		if os.Getenv("KIEZGRAPH_REQUIRE_PYTHON") == "1" {
			t.Fatalf("python3 with %s is required (KIEZGRAPH_REQUIRE_PYTHON=1; make python-deps installs it): %v", what, err)
		}
		t.Skipf("python3 with %s not available: %v", what, err)
	}
	return py
}
