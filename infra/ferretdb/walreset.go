package main

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB's SQLite backend uses too
)

// SQLite restarts its write-ahead log (writes again from the start of the file) only when a writer
// begins while every frame has been copied back and no other connection reads an older snapshot.
// With several insert commands at once some connection always holds a transaction, so the
// automatic (passive) checkpoint copies pages back but the WAL never restarts: it reached 10.5 GB
// after a bulk load of 1,000,000 students (infra/ferretdb/patches/README.md).
//
// runWALResetter looks at each database's WAL file five times a second and empties it with
// `PRAGMA wal_checkpoint(TRUNCATE)` on a short-lived connection of its own when the file is above
// walResetBytes, or when it holds frames and has not been written for walIdleAfter. TRUNCATE
// takes the write lock, copies every frame back, waits for readers of older snapshots, then
// empties the file; writers wait meanwhile (their busy timeout is FerretDB's 10 s). SQLite's busy
// handler polls at growing intervals, so a checkpoint that waited long on the write lock loses it
// to writers that just started waiting (measured: 2 s without getting it while the WAL grew to
// 135 MB): each try waits walBusyTimeout and the tries repeat every millisecond for up to
// walResetBudget. A try that does not get the write lock, or finds the automatic checkpoint of
// a writer running, copies back what it can and reports busy.
const (
	walCheckEvery  = 200 * time.Millisecond
	walResetBytes  = 32 << 20
	walIdleAfter   = time.Second
	walBusyTimeout = "20" // ms per try
	walResetBudget = 2 * time.Second
)

func runWALResetter(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(walCheckEvery)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}

		wals, _ := filepath.Glob(filepath.Join(dir, "*.sqlite-wal"))
		for _, wal := range wals {
			info, err := os.Stat(wal)
			if err != nil || info.Size() == 0 {
				continue
			}
			idle := time.Since(info.ModTime()) >= walIdleAfter
			if info.Size() < walResetBytes && !idle {
				continue
			}
			err = checkpointTruncate(ctx, strings.TrimSuffix(wal, "-wal"))
			if err != nil {
				logger.Warn("WAL checkpoint failed", "file", wal, "error", err)
			}
		}
	}
}

// checkpointTruncate opens the database read-write without creating it (FerretDB may have just
// dropped it), tries until the WAL is emptied or walResetBudget has passed, and closes the
// connection again, so that a dropped file is not held open.
func checkpointTruncate(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout("+walBusyTimeout+")")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	deadline := time.Now().Add(walResetBudget)
	for {
		// One row: busy (1 when the write lock or readers did not free in time, or another
		// connection was checkpointing), frames in the log, frames copied back. A try that
		// did not get the write lock still copies back what it can (a passive checkpoint).
		var busy, logFrames, copied int
		err = db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &copied)
		if err != nil || busy == 0 || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}
