package selection

import "slices"

// guide is what the searches of one programme under a sequence of
// similar objectives (a chunk of weight samples) pass on to each other:
// the tree of the branchings made so far, and at each of its nodes the
// multipliers of the last LP solved there.
//
// A search follows the guide's branching where the guide has one, instead
// of choosing (strong branching costs LP solves). Where it has none, an
// earlier search found a leaf: there the search tries the stored
// multipliers before the LP, as a Lagrangian bound is valid for any
// multipliers y ≥ 0 and any box, so when they prune the node under the
// new objective its LP is not needed (at nodes an earlier search branched
// on they rarely do, measured: one in fifteen, not worth the sums); if
// they do not, the search chooses a branching and records it. Nothing in
// the guide decides what is pruned on its own: every pruning is a bound
// computed for the search's own objective and box, so following another
// search's tree changes how fast, never what, a search finds. The guide
// is deterministic given the order of its searches.
type guide struct {
	m     int
	nodes []guideNode
	ys    []float64 // the nodes' multipliers, m each
}

type guideNode struct {
	br    int32    // the unit branched on, -1 if none yet
	child [2]int32 // the nodes of x_br = 0 and x_br = 1
	y     int32    // offset of the multipliers in ys, -1 if none
}

// maxGuideBytes bounds a guide (16 bytes and m multipliers a node): past
// it, branchings are no longer recorded.
const maxGuideBytes = 32 << 20

func newGuide(m int) *guide { return &guide{m: m} }

// start makes sure the guide has its root, node 0.
func (g *guide) start() {
	if len(g.nodes) == 0 {
		g.nodes = append(g.nodes, guideNode{br: -1, y: -1})
	}
}

// descend goes from node id down the branchings whose units the state has
// fixed: the guide's node of the box.
func (g *guide) descend(id int32, state []int8) int32 {
	for {
		nd := &g.nodes[id]
		if nd.br < 0 || state[nd.br] == free {
			return id
		}
		id = nd.child[state[nd.br]]
	}
}

// multipliers are node id's stored multipliers, nil if none.
func (g *guide) multipliers(id int32) []float64 {
	if o := g.nodes[id].y; o >= 0 {
		return g.ys[o : o+int32(g.m)]
	}
	return nil
}

func (g *guide) setMultipliers(id int32, y []float64) {
	nd := &g.nodes[id]
	if nd.y < 0 {
		nd.y = int32(len(g.ys))
		g.ys = append(g.ys, y...)
		return
	}
	copy(g.ys[nd.y:nd.y+int32(g.m)], y)
}

// branch records, if node id has no branching yet, the branching on unit
// br, and returns the children's nodes for x_br = 0 and 1 (-1 when the
// guide branches on another unit there, or is full).
func (g *guide) branch(id, br int32) (int32, int32) {
	nd := &g.nodes[id]
	if nd.br < 0 {
		if (len(g.nodes)+2)*(16+8*g.m) > maxGuideBytes {
			return -1, -1
		}
		k := int32(len(g.nodes))
		nd.br, nd.child = br, [2]int32{k, k + 1}
		g.nodes = append(g.nodes, guideNode{br: -1, y: -1}, guideNode{br: -1, y: -1})
	}
	nd = &g.nodes[id]
	if nd.br != br {
		return -1, -1
	}
	return nd.child[0], nd.child[1]
}

func (g *guide) clone() *guide {
	return &guide{m: g.m, nodes: slices.Clone(g.nodes), ys: slices.Clone(g.ys)}
}
