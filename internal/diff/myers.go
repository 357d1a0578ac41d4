package diff

// lcs returns, for each element of a, the index of the element of b it is
// kept as, or -1 where it was deleted. The kept pairs form a common
// subsequence of a and b: the longest one unless the cost bound cut the
// search short.
func lcs(a, b []int) []int {
	match := make([]int, len(a))
	for i := range match {
		match[i] = -1
	}

	// Only elements present on both sides can be kept. Setting the others
	// aside first makes the common case (a few lines rewritten among many)
	// cheap, and leaves the longest common subsequence unchanged.
	inA := make(map[int]bool, len(a))
	for _, x := range a {
		inA[x] = true
	}
	inB := make(map[int]bool, len(b))
	for _, x := range b {
		inB[x] = true
	}
	var fa, fb, ia, ib []int // the elements kept for the search, and their indexes
	for i, x := range a {
		if inB[x] {
			fa, ia = append(fa, x), append(ia, i)
		}
	}
	for j, x := range b {
		if inA[x] {
			fb, ib = append(fb, x), append(ib, j)
		}
	}

	n := len(fa) + len(fb)
	m := &myers{a: fa, b: fb, match: make([]int, len(fa))}
	for i := range m.match {
		m.match[i] = -1
	}
	// The cost bound: search step d costs O(d) plus the snakes it follows,
	// so capping d keeps one search within O((N+M)·maxD) and the whole
	// comparison within a few seconds' worth of work at the 50,000-character
	// bodies the areas allow.
	m.maxD = max(256, (1<<22)/max(n, 1))
	size := 2*min((n+1)/2, m.maxD+1) + 2
	m.vf, m.vb = make([]int, size), make([]int, size)
	m.compare(0, len(fa), 0, len(fb))

	for i, j := range m.match {
		if j >= 0 {
			match[ia[i]] = ib[j]
		}
	}
	return match
}

// myers holds the state of one comparison.
type myers struct {
	a, b   []int
	match  []int // index in a → index in b, or -1
	vf, vb []int // furthest x per diagonal, forward and backward; reused by every bisect
	maxD   int
}

// compare records the kept pairs between a[a0:a1] and b[b0:b1].
func (m *myers) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && m.a[a0] == m.b[b0] {
		m.match[a0] = b0
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && m.a[a1-1] == m.b[b1-1] {
		a1--
		b1--
		m.match[a1] = b1
	}
	if a0 == a1 || b0 == b1 {
		return // only insertions or only deletions remain
	}
	x, y, ok := m.bisect(a0, a1, b0, b1)
	if !ok || (x == a0 && y == b0) || (x == a1 && y == b1) {
		return // nothing in common (or no useful split): all replaced
	}
	m.compare(a0, x, b0, y)
	m.compare(x, a1, y, b1)
}

// bisect finds a point (x, y) on a shortest edit path from a[a0:a1] to
// b[b0:b1] by running Myers' search from both corners until the two
// frontiers meet. The ranges are non-empty and differ at both ends, so the
// point is strictly inside and splits the problem in two smaller ones.
// Points that fall off the edit graph stop the search on their side, as in
// Neil Fraser's diff-match-patch. When the search passes maxD steps, it
// settles for the forward point nearest the end: a valid split, not
// necessarily an optimal one. ok is false when nothing can be kept.
func (m *myers) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	n, mm := a1-a0, b1-b0
	delta := n - mm
	front := delta%2 != 0 // which search checks for the meeting
	dmax := (n + mm + 1) / 2
	steps := min(dmax, m.maxD+1)
	off := steps
	vlen := 2*steps + 2
	vf, vb := m.vf[:vlen], m.vb[:vlen]
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	fStart, fEnd, bStart, bEnd := 0, 0, 0, 0
	bestSum, bestX, bestY := 0, 0, 0
	for d := 0; d < steps; d++ {
		// Forward, from the top left corner.
		for k := -d + fStart; k <= d-fEnd; k += 2 {
			i := off + k
			var x1 int
			if k == -d || (k != d && vf[i-1] < vf[i+1]) {
				x1 = vf[i+1] // down: an insertion
			} else {
				x1 = vf[i-1] + 1 // right: a deletion
			}
			y1 := x1 - k
			for x1 < n && y1 < mm && m.a[a0+x1] == m.b[b0+y1] {
				x1++
				y1++
			}
			vf[i] = x1
			switch {
			case x1 > n:
				fEnd += 2 // off the right edge
			case y1 > mm:
				fStart += 2 // off the bottom edge
			default:
				if x1+y1 > bestSum {
					bestSum, bestX, bestY = x1+y1, x1, y1
				}
				if front {
					j := off + delta - k
					if j >= 0 && j < vlen && vb[j] != -1 && x1 >= n-vb[j] {
						return a0 + x1, b0 + y1, true
					}
				}
			}
		}
		// Backward, from the bottom right corner, in mirrored coordinates.
		for k := -d + bStart; k <= d-bEnd; k += 2 {
			i := off + k
			var x2 int
			if k == -d || (k != d && vb[i-1] < vb[i+1]) {
				x2 = vb[i+1]
			} else {
				x2 = vb[i-1] + 1
			}
			y2 := x2 - k
			for x2 < n && y2 < mm && m.a[a1-1-x2] == m.b[b1-1-y2] {
				x2++
				y2++
			}
			vb[i] = x2
			switch {
			case x2 > n:
				bEnd += 2
			case y2 > mm:
				bStart += 2
			case !front:
				j := off + delta - k
				if j >= 0 && j < vlen && vf[j] != -1 {
					x1 := vf[j]
					y1 := x1 - (delta - k)
					if x1 >= n-x2 {
						return a0 + x1, b0 + y1, true
					}
				}
			}
		}
	}
	if steps < dmax {
		// The cost bound stopped the search before the frontiers met.
		if bestSum == 0 {
			return 0, 0, false
		}
		return a0 + bestX, b0 + bestY, true
	}
	return 0, 0, false
}
