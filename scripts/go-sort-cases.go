// go-sort-cases prints the order in which Go's sort.Sort leaves items that compare equal, for the
// inputs test/util/go-sort.test.ts builds (the same generator, written twice), as JSON: one FNV-1a
// hash of the resulting order of item ids per case. kube-sim replays sort.Sort in src/util/go-sort.ts
// because kubectl sorts events with it; this is how its expectations were made (Go >= 1.19: pdqsort).
//
//	go run scripts/go-sort-cases.go > test/util/go-sort-cases.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

type item struct{ key, id int }

type byKey []item

func (s byKey) Len() int           { return len(s) }
func (s byKey) Less(i, j int) bool { return s[i].key < s[j].key }
func (s byKey) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// lcg is a 31-bit linear congruential generator, easy to write identically in TypeScript.
type lcg uint32

func (r *lcg) next() int {
	*r = lcg((uint32(*r)*1103515245 + 12345) & 0x7fffffff)
	return int(*r)
}

// keys follows the shape of Go's own sort tests (Bentley and McIlroy's patterns and distortions).
func keys(n, m int, pattern, dist string) []int {
	r := lcg(uint32(n*7919 + m))
	data := make([]int, n)
	j, k := 0, 1
	for i := range data {
		switch pattern {
		case "sawtooth":
			data[i] = i % m
		case "rand":
			data[i] = r.next() % m
		case "stagger":
			data[i] = (i*m + i) % n
		case "plateau":
			data[i] = min(i, m)
		case "shuffle":
			if r.next()%m != 0 {
				j += 2
				data[i] = j
			} else {
				k += 2
				data[i] = k
			}
		}
	}
	out := make([]int, n)
	switch dist {
	case "copy":
		copy(out, data)
	case "reverse":
		for i := range data {
			out[i] = data[n-i-1]
		}
	case "reverse_first_half":
		for i := 0; i < n/2; i++ {
			out[i] = data[n/2-i-1]
		}
		copy(out[n/2:], data[n/2:])
	case "reverse_second_half":
		copy(out[:n/2], data[:n/2])
		for i := n / 2; i < n; i++ {
			out[i] = data[n-(i-n/2)-1]
		}
	case "dither":
		for i := range data {
			out[i] = data[i] + i%5
		}
	}
	return out
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func fnv(items []item) string {
	h := uint32(2166136261)
	for _, it := range items {
		h = (h ^ uint32(it.id)) * 16777619
	}
	return fmt.Sprintf("%08x", h)
}

func main() {
	out := map[string]string{}
	for _, n := range []int{13, 33, 50, 64, 100, 257, 1000} {
		for _, m := range []int{1, 2, 3, 7, 10, n, 2 * n} {
			for _, pattern := range []string{"sawtooth", "rand", "stagger", "plateau", "shuffle"} {
				for _, dist := range []string{"copy", "reverse", "reverse_first_half", "reverse_second_half", "dither"} {
					ks := keys(n, m, pattern, dist)
					items := make([]item, n)
					for i, key := range ks {
						items[i] = item{key, i}
					}
					sort.Sort(byKey(items))
					out[fmt.Sprintf("n=%d m=%d %s %s", n, m, pattern, dist)] = fnv(items)
				}
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
