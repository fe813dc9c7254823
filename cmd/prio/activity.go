package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/prio-tool/prio/messages"
)

// activity shows on a terminal what a command is doing where it cannot
// count its steps (reading a workbook, scoring, solving, writing): a bar of
// unknown length, a spinner with the phase and the time so far, on stderr,
// only when stderr is a terminal and only once the command has run longer
// than progressDelay, so that quick commands print nothing. The Monte Carlo
// of sensitivity and batch counts its samples instead (progress). Its
// methods may be called from any goroutine; a nil *activity does nothing.
type activity struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	phase   messages.Message
	bar     *progressbar.ProgressBar
	stopped bool
	tick    *time.Ticker
	done    chan struct{}
}

// startActivity begins showing phase, or returns nil when stderr is not a
// terminal.
func startActivity(stderr io.Writer, phase messages.Message) *activity {
	if !isTerminal(stderr) {
		return nil
	}
	a := &activity{w: stderr, start: time.Now(), phase: phase, tick: time.NewTicker(100 * time.Millisecond), done: make(chan struct{})}
	go a.run()
	return a
}

func (a *activity) run() {
	for {
		select {
		case <-a.done:
			return
		case <-a.tick.C:
		}
		a.mu.Lock()
		if !a.stopped && time.Since(a.start) >= progressDelay {
			if a.bar == nil {
				a.bar = progressbar.NewOptions(-1,
					progressbar.OptionSetWriter(a.w),
					progressbar.OptionSetDescription(a.phase.In(langOf(a.w))),
					progressbar.OptionSpinnerType(14),
					progressbar.OptionSetElapsedTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			a.bar.Describe(a.phase.In(langOf(a.w)))
			_ = a.bar.Add(1)
		}
		a.mu.Unlock()
	}
}

// set changes the phase shown.
func (a *activity) set(phase messages.Message) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.phase = phase
}

// hold clears the bar while f writes to stderr (the bar comes back at its
// next tick), so that messages do not run into it.
func (a *activity) hold(f func()) {
	if a == nil {
		f()
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.bar != nil {
		_ = a.bar.Clear()
	}
	f()
}

// finish removes the bar, whether the command ended or was interrupted.
func (a *activity) finish() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopped {
		return
	}
	a.stopped = true
	a.tick.Stop()
	close(a.done)
	if a.bar != nil {
		_ = a.bar.Clear()
		_ = a.bar.Exit()
	}
}

// The phases of a command, as its bar names them.
func phaseReading() messages.Message   { return messages.T("prio: reading the portfolio") }
func phaseScoring() messages.Message   { return messages.T("prio: scoring") }
func phaseSelecting() messages.Message { return messages.T("prio: selecting") }
func phaseWriting() messages.Message   { return messages.T("prio: writing") }
func phaseExact() messages.Message     { return messages.T("prio: exact ranges and intervals") }

// isTerminal reports whether w, a run's stderr, is a terminal: bars are for
// people watching, never for a file or a pipe.
func isTerminal(w io.Writer) bool {
	if c, ok := w.(*console); ok {
		w = c.Writer
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
