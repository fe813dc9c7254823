package importers

import "io"

// aheadReader reads a part (unpacking it) on a goroutine of its own, a
// chunk ahead of the one who reads from it: a large sheet's unpacking is
// about a third of the work of reading its rows, and the rows' parsing and
// their conversion are each another third (see readRows), so that with
// three goroutines on two cores no one waits for the others. The bytes and
// the errors come in the order the part gives them, each error after the
// bytes read before it, unchanged: the bounds on what a part unpacks to and
// every error's position are the part's own.
type aheadReader struct {
	chunks chan aheadChunk
	free   chan []byte
	stop   chan struct{}
	exited chan struct{}
	cur    []byte // what is left of the chunk being read
	buf    []byte // that chunk's buffer, to be given back
	err    error  // the error that came after cur
}

type aheadChunk struct {
	b   []byte
	err error
}

const (
	aheadChunkSize = 256 << 10
	aheadChunks    = 4
)

func newAheadReader(r io.Reader) *aheadReader {
	a := &aheadReader{
		chunks: make(chan aheadChunk, aheadChunks),
		free:   make(chan []byte, aheadChunks),
		stop:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range aheadChunks {
		a.free <- make([]byte, aheadChunkSize)
	}
	go a.fill(r)
	return a
}

// fill reads r a chunk at a time until it fails or ends, or close stops it.
func (a *aheadReader) fill(r io.Reader) {
	defer close(a.exited)
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		n := 0
		var err error
		for n < len(b) && err == nil {
			var k int
			k, err = r.Read(b[n:])
			n += k
		}
		select {
		case a.chunks <- aheadChunk{b[:n], err}:
		case <-a.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
			a.buf = nil
		}
		c := <-a.chunks
		a.buf, a.cur, a.err = c.b, c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// close stops the goroutine and waits until it no longer reads the part:
// the part may be closed then.
func (a *aheadReader) close() {
	close(a.stop)
	<-a.exited
}
