package importer

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// Progress hears how an import advances, file by file and pass by pass.
// Calls come from one goroutine at a time.
type Progress interface {
	// Start begins a pass (phase "checking", "writing", …) over a file of
	// size bytes (0 when unknown).
	Start(file, phase string, size int64)
	// Update says that rows rows are done, about pos bytes into the file.
	Update(rows int, pos int64)
	// Done ends the pass with rows rows done.
	Done(rows int)
}

type noProgress struct{}

func (noProgress) Start(string, string, int64) {}
func (noProgress) Update(int, int64)           {}
func (noProgress) Done(int)                    {}

// IsTerminal reports whether w is a terminal (a character device), where
// a progress bar can redraw its line.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// NewProgress returns a progress bar on w when w is a terminal, else a
// logger that writes one line per written batch (and one per checked
// file) to log.
func NewProgress(w io.Writer, log *slog.Logger) Progress {
	if IsTerminal(w) {
		return &Bar{W: w}
	}
	return &LogProgress{Log: log}
}

// pass is the state of one pass for both kinds of progress.
type pass struct {
	file, phase string
	size        int64
	start       time.Time
}

// rate returns rows per second and the estimated time left, from the
// share of the file read so far.
func (p *pass) rate(rows int, pos int64) (float64, time.Duration) {
	el := time.Since(p.start)
	var perSec float64
	if el > 0 {
		perSec = float64(rows) / el.Seconds()
	}
	var eta time.Duration
	if p.size > 0 && pos > 0 && pos < p.size {
		eta = time.Duration(float64(el) * float64(p.size-pos) / float64(pos))
	}
	return perSec, eta
}

// Bar is a progress bar: a single line on a terminal, redrawn at most
// ten times a second, e.g. "writing actors.csv  rows 123456  41230/s  ETA 0:12".
type Bar struct {
	W     io.Writer
	p     pass
	drawn time.Time
}

// Start implements Progress.
func (b *Bar) Start(file, phase string, size int64) {
	b.p = pass{file: file, phase: phase, size: size, start: time.Now()}
	b.drawn = time.Time{}
	b.draw(0, 0, false)
}

// Update implements Progress.
func (b *Bar) Update(rows int, pos int64) {
	if time.Since(b.drawn) >= 100*time.Millisecond {
		b.draw(rows, pos, false)
	}
}

// Done implements Progress.
func (b *Bar) Done(rows int) { b.draw(rows, b.p.size, true) }

func (b *Bar) draw(rows int, pos int64, done bool) {
	b.drawn = time.Now()
	perSec, eta := b.p.rate(rows, pos)
	line := fmt.Sprintf("\r\033[K%s %s  rows %d  %.0f/s", b.p.phase, b.p.file, rows, perSec)
	if done {
		line += fmt.Sprintf("  done in %s\n", time.Since(b.p.start).Round(time.Millisecond))
	} else {
		line += "  ETA " + clock(eta)
	}
	_, _ = io.WriteString(b.W, line)
}

// clock formats a duration as m:ss (or h:mm:ss).
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// LogProgress logs one line per written batch and one per file checked,
// for logs and pipes where a redrawn line would be noise.
type LogProgress struct {
	Log *slog.Logger
	p   pass
}

// Start implements Progress.
func (l *LogProgress) Start(file, phase string, size int64) {
	l.p = pass{file: file, phase: phase, size: size, start: time.Now()}
}

// Update implements Progress: a line per batch while writing.
func (l *LogProgress) Update(rows int, pos int64) {
	if l.p.phase == "checking" {
		return
	}
	perSec, eta := l.p.rate(rows, pos)
	l.Log.Info("import batch", "file", l.p.file, "phase", l.p.phase, "rows", rows,
		"rowsPerSecond", int(perSec), "eta", eta.Round(time.Second).String())
}

// Done implements Progress.
func (l *LogProgress) Done(rows int) {
	perSec, _ := l.p.rate(rows, l.p.size)
	l.Log.Info("import "+l.p.phase+" done", "file", l.p.file, "rows", rows, "rowsPerSecond", int(perSec),
		"duration", time.Since(l.p.start).Round(time.Millisecond).String())
}

// fileSize is the size of a file, 0 when unknown.
func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}
