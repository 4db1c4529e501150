// Command ferretdb runs the embedded MongoDB-protocol database of EduGraph:
// FerretDB v1 on SQLite, listening on loopback only.
//
// It exists because `go install .../cmd/ferretdb` builds a binary that panics
// at start (missing version.txt); the embeddable package works.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free port)")
	dataDir := flag.String("data-dir", "data/ferretdb", "directory holding the SQLite files")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	disablePushdown := flag.Bool("disable-pushdown", false,
		"read whole collections and filter, sort and limit in Go (the reference the differential test compares against)")
	flag.Parse()

	// Reading or writing many documents allocates a lot of short-lived objects: with Go's default
	// (GC at 100% heap growth) a quarter of a 1,000-document read was garbage collection; at 400%
	// an `$in` of 1,000 keys took about 30% less time. FerretDB's live heap is small (tens of MB).
	// GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("bad -data-dir %q: %v", *dataDir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("cannot create data directory %s: %v", dir, err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  "sqlite",
		// A 32 MB page cache per connection (SQLite's default is 2 MB): with the hub's indexes a
		// bulk load of 150,000 students used 11% less CPU (fewer reads of index pages).
		// Temporary files in memory: every multi-row INSERT (1,000 documents) keeps a statement
		// journal so that a duplicate key can undo it; on disk that was a third of the write
		// syscalls of a bulk insert (7.5 → 5.4 per student, 18.5 → 14.3 KB written).
		// synchronous(normal): in WAL mode a commit is durable once the OS has it (a crash of this
		// process loses nothing; a power cut may lose the last commits, never the file's
		// integrity), as MongoDB acknowledges a write before its journal is flushed; FULL waited
		// for an fsync of the WAL at every commit (a bulk load of resources: 629–668 → 744–878/s).
		// mmap_size: pages are read through a shared mapping of the file instead of a pread into
		// each connection's own cache (a search's 500 entries, 100,000 in the collection: 29.0 /
		// 23.3 → 23.6 / 17.1 ms, two binaries alternated); 0x7fff0000 is SQLite's compile-time
		// ceiling (a larger request is cut to it); the rest of a bigger file is read as before.
		SQLiteURL: "file:" + dir + "/?_pragma=cache_size(-32000)&_pragma=temp_store(memory)" +
			"&_pragma=synchronous(normal)&_pragma=mmap_size(2147418112)",

		DisablePushdown: *disablePushdown,
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Empties each database's write-ahead log while writers overlap (walreset.go).
	go runWALResetter(ctx, dir, logger)

	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := f.Run(ctx); err != nil {
			logger.Error("FerretDB stopped with an error", "error", err)
		}
	}()

	// MongoDBURI waits until the listener is up; the line below is what
	// launchers and test helpers wait for (it carries the real port).
	fmt.Printf("FERRETDB_READY %s\n", f.MongoDBURI())

	<-done
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
