package dataset

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Synthetic but realistic data for tests and benchmarks: French-like names,
// INSEE codes by département, SIRENs, postal codes, budget lines.

var (
	namePrefixes = []string{"", "", "", "", "", "Saint-", "Sainte-", "Le ", "La ", "Les ", "L'"}
	nameRoots    = []string{"mont", "ville", "bois", "champ", "beau", "font", "roche", "val", "chât", "neuf",
		"aub", "ber", "cor", "mar", "sau", "ver", "ris", "lan", "pier", "gor", "tou", "lou", "vil", "mes",
		"bel", "cha", "fré", "gué", "é", "or", "ain", "ac", "ay", "y", "ière", "euil", "ange", "olles"}
	nameSuffixes = []string{"", "", "", "", "", "", "-sur-Loire", "-en-Bresse", "-le-Château", "-les-Bains",
		"-sur-Mer", "-la-Forêt", "-du-Lac", "-de-Provence", "-sur-Seine", "-en-Vexin"}
	epciNatures = []string{"CC", "CC", "CC", "CA", "CU", "ME"}
)

func frenchName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(namePrefixes[r.IntN(len(namePrefixes))])
	n := 2 + r.IntN(2)
	for i := range n {
		s := nameRoots[r.IntN(len(nameRoots))]
		if i == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	b.WriteString(nameSuffixes[r.IntN(len(nameSuffixes))])
	return b.String()
}

// departementCodes returns the 101 INSEE codes of the départements.
func departementCodes() []string {
	var ds []string
	for i := 1; i <= 95; i++ {
		switch i {
		case 20:
			ds = append(ds, "2A", "2B")
		default:
			ds = append(ds, fmt.Sprintf("%02d", i))
		}
	}
	return append(ds, "971", "972", "973", "974", "976")
}

// digitsOnly replaces the letters of Corsican codes to make SIRENs.
func digitsOnly(s string) string {
	return strings.NewReplacer("A", "0", "B", "0").Replace(s)
}

// syntheticIndex returns an index of about n authorities (n ≥ 2,000):
// départements, régions, CTUs, EPTs, EPCIs and the rest communes, one shard
// per département, and national peers.
func syntheticIndex(n int) *Index {
	r := rand.New(rand.NewPCG(1, 2))
	deps := departementCodes()
	ix := &Index{Source: "DGFiP balances comptables 2017–2023, INSEE populations légales 2021; Licence Ouverte 2.0; built 2026-01-01"}
	for _, d := range deps {
		ix.Shards = append(ix.Shards, ShardRef{Name: "shard-" + d + ".bin.gz", Checksum: r.Uint32()})
	}
	region := func(di int) string { return fmt.Sprintf("%02d", 11+di*17/len(deps)) }
	years := func() []int {
		first := 2017 + r.IntN(3)
		ys := make([]int, 0, 7)
		for y := first; y <= 2023; y++ {
			ys = append(ys, y)
		}
		return ys
	}
	for di, d := range deps {
		ix.Authorities = append(ix.Authorities, Authority{Kind: KindDepartement, Code: d, SIREN: "22" + digitsOnly(d) + strings.Repeat("0", 7-len(d)),
			Name: frenchName(r), Nature: "DEP", Region: region(di), Population: 70000 + r.Int64N(2500000), PopulationYear: 2021,
			Shard: di, Years: years()})
	}
	for i := range 15 {
		ix.Authorities = append(ix.Authorities, Authority{Kind: KindRegion, Code: fmt.Sprintf("%02d", 11+i*6), SIREN: fmt.Sprintf("2%08d", 30000000+i),
			Name: frenchName(r), Nature: "REG", Population: 300000 + r.Int64N(12000000), PopulationYear: 2021, Shard: -1, Years: years()})
	}
	for i, c := range []string{"20", "973", "972"} {
		ix.Authorities = append(ix.Authorities, Authority{Kind: KindCTU, Code: c, SIREN: fmt.Sprintf("2%08d", 40000000+i),
			Name: frenchName(r), Nature: "CTU", Population: 280000 + r.Int64N(100000), PopulationYear: 2021, Shard: -1, Years: years()})
	}
	for i := range 11 {
		siren := fmt.Sprintf("2000%05d", 57000+i*11)
		ix.Authorities = append(ix.Authorities, Authority{Kind: KindEPT, Code: siren, SIREN: siren, Name: "Établissement public territorial " + frenchName(r),
			Nature: "EPT", Departement: "93", Region: "11", Population: 300000 + r.Int64N(300000), PopulationYear: 2021, Shard: 92, Years: years()})
	}
	nEPCI := min(1254, n/30)
	nCommunes := n - len(ix.Authorities) - nEPCI
	perDep := nCommunes / len(deps)
	epciFirst := len(ix.Authorities)
	for i := range nEPCI {
		di := i * len(deps) / nEPCI
		siren := fmt.Sprintf("2%08d", 100000+i*743+r.IntN(700))
		ix.Authorities = append(ix.Authorities, Authority{Kind: KindEPCI, Code: siren, SIREN: siren,
			Name: "Communauté de communes " + frenchName(r), Nature: epciNatures[r.IntN(len(epciNatures))],
			Departement: deps[di], Region: region(di), Population: 5000 + r.Int64N(300000), PopulationYear: 2021, Shard: di, Years: years()})
	}
	epciOf := func(di, j int) string {
		k := epciFirst + min(di*nEPCI/len(deps)+j*nEPCI/len(deps)/perDep, nEPCI-1)
		return ix.Authorities[k].SIREN
	}
	for di, d := range deps {
		m := perDep
		if di == len(deps)-1 {
			m = nCommunes - perDep*(len(deps)-1)
		}
		num := 1
		width := 5 - len(d)
		for j := range m {
			num += 1 + r.IntN(2)
			if width == 2 {
				num = j + 1
			}
			code := d + fmt.Sprintf("%0*d", width, num)
			if width == 2 && num > 99 {
				code = d + fmt.Sprintf("%03d", num) // beyond real codes, keeps them distinct
			}
			pcs := []string{digitsOnly(d)[:2] + fmt.Sprintf("%03d", r.IntN(1000))}
			switch p := r.IntN(100); {
			case p < 5:
				pcs = append(pcs, pcs[0][:2]+fmt.Sprintf("%03d", r.IntN(1000)), pcs[0][:2]+fmt.Sprintf("%03d", r.IntN(1000)))
			case p < 20:
				pcs = append(pcs, pcs[0][:2]+fmt.Sprintf("%03d", r.IntN(1000)))
			}
			pop := int64(50 * (1 << r.IntN(11)))
			pop += r.Int64N(pop)
			ix.Authorities = append(ix.Authorities, Authority{Kind: KindCommune, Code: code, SIREN: "21" + digitsOnly(code) + fmt.Sprintf("%02d", r.IntN(100))[:9-2-len(code)],
				Name: frenchName(r), Nature: "COM", PostalCodes: pcs, Departement: d, Region: region(di), EPCI: epciOf(di, j),
				Population: pop, PopulationYear: 2021 - r.IntN(8)/7, Shard: di, Years: years()})
		}
	}
	ix.Peers = syntheticPeers(r, 1620)
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		if a.Shard < 0 {
			a.Years = nil
			continue
		}
		a.YearShards = make([]int, len(a.Years))
		for j := range a.YearShards {
			a.YearShards[j] = a.Shard
		}
	}
	ix.Sort()
	return ix
}

var (
	commonAreas = []string{"services-generaux", "securite", "enseignement", "culture", "sport-jeunesse", "social",
		"sante", "logement", "amenagement", "environnement", "transports", "economie"}
	strates = []string{"0-499", "500-1999", "2000-3499", "3500-4999", "5000-9999", "10000-19999",
		"20000-49999", "50000-99999", "100000+"}
)

func syntheticPeers(r *rand.Rand, n int) []Peer {
	ps := make([]Peer, 0, n)
	for i := range n {
		a := i % len(commonAreas)
		g := (i / len(commonAreas)) % len(strates)
		med := r.Int64N(30000)
		pmed := r.Int64N(60000)
		ps = append(ps, Peer{Year: 2019 + i/(len(commonAreas)*len(strates)*3), Grid: "common", Group: "commune:" + strates[g], Area: commonAreas[a],
			Section: "FIA"[i/(len(commonAreas)*len(strates))%3], N: 10 + r.IntN(5000),
			ShareQ1: med / 2, ShareMedian: med, ShareQ3: med * 3 / 2, PerInhQ1: pmed / 2, PerInhMedian: pmed, PerInhQ3: pmed * 2})
	}
	return ps
}

// syntheticShard returns a shard of detailed records (lines each) and
// aggregated ones (items each).
func syntheticShard(detailed, lines, aggregated, items int) *Shard {
	r := rand.New(rand.NewPCG(3, 4))
	const nNatures = 500
	natures := make([]string, nNatures)
	labels := make([]string, nNatures)
	for i := range natures {
		natures[i] = fmt.Sprintf("%d", []int{60, 61, 62, 63, 64, 65, 66, 67, 20, 21, 23, 16}[i%12]*100+i/12*7%100)
		if i%5 == 0 {
			natures[i] += fmt.Sprint(i % 9)
		}
		labels[i] = "Dépenses " + strings.ToLower(frenchName(r)) + " et " + strings.ToLower(frenchName(r))
	}
	functions := make([]string, 120)
	for i := range functions {
		functions[i] = fmt.Sprintf("%d%d", i/12, i%12)
	}
	chapters := []string{"011", "012", "014", "65", "66", "67", "68", "20", "204", "21", "23", "16", "13", "10", "040", "041", "042", "043"}
	prov := Provenance{Source: "DGFiP, balances comptables des communes", Document: "https://data.economie.gouv.fr/balances-comptables-des-communes-en-2022",
		Method: "dépenses réelles, nature × fonction", Licence: "Licence Ouverte 2.0"}
	amount := func() int64 {
		a := int64(100 << r.IntN(30))
		a += r.Int64N(a)
		if r.IntN(20) == 0 {
			a = -a
		}
		return a
	}
	s := &Shard{Name: "shard-093.bin.gz"}
	for i := range detailed {
		rec := Record{Authority: fmt.Sprintf("commune:93%03d", 1+i*3), Year: 2017 + i%7, Document: "CA", Detail: Detailed,
			Nomenclature: "M14-M14_COM_SUP3500", Population: 10000 + r.Int64N(100000), Provenance: prov}
		rec.Lines = make([]Line, lines)
		for j := range rec.Lines {
			k := r.IntN(nNatures)
			rar := int64(0)
			if r.IntN(10) == 0 {
				rar = amount()
			}
			rec.Lines[j] = Line{Nature: natures[k], Function: functions[r.IntN(len(functions))], Chapter: chapters[k%len(chapters)],
				Label: labels[k], Section: "FI"[k%12/8], Amount: amount(), RAR: rar}
		}
		s.Records = append(s.Records, rec)
	}
	agg := prov
	agg.Source = "OFGL, comptes consolidés des communes"
	agg.Note = "agrégats : détail non disponible"
	for i := range aggregated {
		rec := Record{Authority: fmt.Sprintf("commune:%05d", 1001+i/7*3), Year: 2017 + i%7, Document: "AGG", Detail: Aggregated,
			Nomenclature: "M57", Population: 50 + r.Int64N(20000), Provenance: agg}
		rec.Items = make([]Item, items)
		for j := range rec.Items {
			rec.Items[j] = Item{Code: commonAreas[j%len(commonAreas)], Section: "FIA"[j%3], Amount: amount()}
		}
		s.Records = append(s.Records, rec)
	}
	s.Peers = syntheticPeers(r, 300)
	s.Sort()
	return s
}
