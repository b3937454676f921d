package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/jeu1000/jeu1000/internal/server"
)

// serve serves the app: web/ at the root, the dataset under /data/.
func serve(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	web := fs.String("web", "web", "folder of the app's files")
	data := fs.String("data", "data/compressed", "folder of the compressed dataset")
	if err := fs.Parse(args); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/data/", http.StripPrefix("/data/", server.Handler(os.DirFS(*data))))
	mux.Handle("/", server.Handler(os.DirFS(*web)))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "serving on http://%s/\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
