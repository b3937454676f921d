package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"

	"github.com/jeu1000/jeu1000/internal/server"
)

// lanPath is where the page asks which addresses pupils can reach (see
// web/js/game.js): {"links": ["http://192.168.1.10:8080/", …]}, empty when
// the server listens on this computer only.
const lanPath = "/lan.json"

// serve serves the app: web/ at the root, the dataset under /data/. For a
// classroom, -addr 0.0.0.0:8080 listens on every network of the computer;
// the addresses pupils can reach are printed and given to the page.
func serve(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on: 127.0.0.1:PORT for this computer only, 0.0.0.0:PORT for a classroom network")
	web := fs.String("web", "web", "folder of the app's files")
	data := fs.String("data", "data/compressed", "folder of the compressed dataset")
	public := fs.String("public-url", "", "the app's address on pupils' devices, when it is not http://<this computer's address>:PORT/ (a name, a proxy)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ifaces, err := net.InterfaceAddrs()
	if err != nil {
		fmt.Fprintln(stderr, "warning: the network addresses of this computer are unknown:", err)
	}
	links, err := classroomLinks(ln.Addr(), *public, ifaces)
	if err != nil {
		ln.Close()
		return err
	}
	h, closeRoots, err := appHandler(*web, *data, links)
	if err != nil {
		ln.Close()
		return err
	}
	defer closeRoots()
	printAddresses(stderr, ln.Addr(), links)
	return server.NewHTTPServer(h, server.DefaultLimits()).Serve(ln)
}

// appHandler serves the folder web at the root and data under /data/, each
// through an os.Root (a symbolic link that leads out of its folder is not
// followed), and the classroom links at lanPath. closeRoots releases the
// folders.
func appHandler(web, data string, links []string) (h http.Handler, closeRoots func(), err error) {
	webRoot, err := os.OpenRoot(web)
	if err != nil {
		return nil, nil, fmt.Errorf("serve: -web: %w", err)
	}
	dataRoot, err := os.OpenRoot(data)
	if err != nil {
		webRoot.Close()
		return nil, nil, fmt.Errorf("serve: -data: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/data/", http.StripPrefix("/data/", server.Handler(dataRoot.FS())))
	mux.Handle(lanPath, lanHandler(links))
	mux.Handle("/", server.Handler(webRoot.FS()))
	return mux, func() { webRoot.Close(); dataRoot.Close() }, nil
}

// printAddresses says where the app is: first "serving on URL" (this
// computer; the browser tests read that line), then what pupils open.
func printAddresses(w io.Writer, listen net.Addr, links []string) {
	local := listen.String()
	tcp, _ := listen.(*net.TCPAddr)
	if tcp != nil && tcp.IP.IsUnspecified() {
		local = net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	fmt.Fprintf(w, "serving on http://%s/\n", local)
	if len(links) == 0 {
		fmt.Fprintln(w, "only this computer can open it; for a classroom network: jeu1000 serve -addr 0.0.0.0:8080")
		return
	}
	fmt.Fprintln(w, "pupils on the same network open (the game: #/jeu):")
	for _, l := range links {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// classroomLinks returns the addresses of the app that other devices can
// reach, from the address listened on and the computer's interface
// addresses (net.InterfaceAddrs, passed in for tests): public when given;
// none when listening on loopback; the address itself when it is one; every
// non-loopback IPv4 address of the computer (private ones first) when
// listening on all of them (0.0.0.0 or [::]).
func classroomLinks(listen net.Addr, public string, ifaces []net.Addr) ([]string, error) {
	if public != "" {
		u, err := url.Parse(public)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("-public-url %q: want an http(s) address, such as http://salle-12.local:8080/", public)
		}
		if u.Path == "" {
			u.Path = "/"
		}
		return []string{u.String()}, nil
	}
	tcp, ok := listen.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return nil, nil
	}
	port := strconv.Itoa(tcp.Port)
	if !tcp.IP.IsUnspecified() {
		return []string{"http://" + net.JoinHostPort(tcp.IP.String(), port) + "/"}, nil
	}
	var ips []net.IP
	seen := map[string]bool{}
	for _, a := range ifaces {
		var ip net.IP
		switch a := a.(type) {
		case *net.IPNet:
			ip = a.IP
		case *net.IPAddr:
			ip = a.IP
		}
		if ip = ip.To4(); ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || seen[ip.String()] {
			continue
		}
		seen[ip.String()] = true
		ips = append(ips, ip)
	}
	sort.SliceStable(ips, func(i, j int) bool { return ips[i].IsPrivate() && !ips[j].IsPrivate() })
	links := make([]string, len(ips))
	for i, ip := range ips {
		links[i] = "http://" + net.JoinHostPort(ip.String(), port) + "/"
	}
	return links, nil
}

// lanHandler answers lanPath: the links pupils can open, for the page
// opened on 127.0.0.1 or localhost, which only works on this computer.
func lanHandler(links []string) http.Handler {
	if links == nil {
		links = []string{}
	}
	body, _ := json.Marshal(struct {
		Links []string `json:"links"`
	}{links})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range server.Headers() {
			w.Header().Set(h.Name, h.Value)
		}
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		_, _ = w.Write(body)
	})
}
