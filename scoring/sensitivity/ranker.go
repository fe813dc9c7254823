package sensitivity

// ranker gives competition ranks to the scores of one sample without a
// comparison sort: a bucket sort by value (n buckets over [min, max], so a
// bucket holds one score on average), an insertion sort inside each bucket,
// then one pass that groups scores within TieTolerance of the first of their
// group. That is linear in the number of investments for scores spread over
// their range, which is what samples give. Scores travel with their indices
// through the sort, so the inner loops read contiguous memory. Its buffers
// are reused from one sample to the next.
type ranker struct {
	order  []int32   // investments by score, highest first
	keys   []float64 // their scores, parallel to order
	bucket []int32   // bucket of each investment
	start  []int32   // bucket boundaries; len n+1
	ranks  []int32   // competition rank of each investment, from 1
}

func newRanker(n int) *ranker {
	return &ranker{
		order:  make([]int32, n),
		keys:   make([]float64, n),
		bucket: make([]int32, n),
		start:  make([]int32, n+1),
		ranks:  make([]int32, n),
	}
}

// rank sets r.order and r.ranks for the scores.
func (r *ranker) rank(scores []float64) {
	n := len(scores)
	if n == 0 {
		return
	}
	lo, hi := scores[0], scores[0]
	for _, s := range scores[1:] {
		lo = min(lo, s)
		hi = max(hi, s)
	}
	r.rankWithin(scores, lo, hi)
}

// rankWithin is rank for scores known to lie in [lo, hi].
func (r *ranker) rankWithin(scores []float64, lo, hi float64) {
	n := len(scores)
	order, keys, ranks := r.order[:n], r.keys[:n], r.ranks[:n]
	if hi-lo <= TieTolerance {
		for i := range ranks {
			ranks[i] = 1
			order[i] = int32(i)
			keys[i] = scores[i]
		}
		return
	}
	// Bucket 0 holds the highest scores.
	scale := float64(n-1) / (hi - lo)
	start := r.start[:n+1]
	bucket := r.bucket[:n]
	clear(start)
	for i, s := range scores {
		b := int32((hi - s) * scale)
		b = min(b, int32(n-1)) // rounding at the low end
		bucket[i] = b
		start[b+1]++
	}
	acc := int32(0)
	for b := range start {
		acc += start[b]
		start[b] = acc
	}
	// Scatter, then sort each bucket (mostly of 0, 1 or 2 scores).
	for i, s := range scores {
		b := bucket[i]
		p := start[b]
		order[p], keys[p] = int32(i), s
		start[b] = p + 1
	}
	// start[b] is now the end of bucket b; bucket b begins at start[b-1].
	begin := int32(0)
	for b := 0; b < n; b++ {
		end := start[b]
		for p := begin + 1; p < end; p++ {
			x, k := order[p], keys[p]
			q := p
			for q > begin && keys[q-1] < k {
				order[q], keys[q] = order[q-1], keys[q-1]
				q--
			}
			order[q], keys[q] = x, k
		}
		begin = end
	}
	for p := 0; p < n; {
		lead := keys[p]
		q := p + 1
		for q < n && lead-keys[q] <= TieTolerance {
			q++
		}
		for k := p; k < q; k++ {
			ranks[order[k]] = int32(p + 1)
		}
		p = q
	}
}
