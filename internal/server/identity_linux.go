//go:build linux

package server

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileIdentity names a file's inode and its last change (ctime, which no
// program sets back, unlike the modification time): "" when unknown.
func fileIdentity(st fs.FileInfo) string {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d.%d", sys.Dev, sys.Ino, sys.Ctim.Sec, sys.Ctim.Nsec)
}
