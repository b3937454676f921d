package server

import (
	"net/http"
	"time"
)

// Limits bound what one connection may hold of the server: the time to
// send a request's headers (slowloris), a whole request, an idle keep-alive
// connection, and the size of the headers.
type Limits struct {
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
}

// DefaultLimits returns the limits of `jeu1000 serve`. The app's requests are GETs
// with small headers; a classroom's 30 devices keep a few connections each.
// No write timeout: the full core (about 10 MB) may take minutes on a weak
// school network.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
}

// NewHTTPServer returns an http.Server for h with the limits l.
func NewHTTPServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}
