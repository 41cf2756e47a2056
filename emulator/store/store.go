package store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/buntdb"

	"github.com/idemu/idemu/emulator/clock"
)

var (
	// ErrNotFound means no live document (or index entry) exists under the key.
	ErrNotFound = errors.New("store: not found")
	// ErrAlreadyExists means an Insert found a live document under the id.
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrDuplicate is matched by every *DuplicateError, for callers that do not
	// care which index refused the value.
	ErrDuplicate = errors.New("store: duplicate value")
	// ErrInvalidKey means a tenant, collection, id or index name was empty or
	// contained '/' or a control character; such names would break the key layout.
	ErrInvalidKey = errors.New("store: invalid key")
)

// DuplicateError says which unique index refused a value, so that an API layer can
// report the conflicting field (and, for admin use, who holds it).
type DuplicateError struct {
	Collection string
	Index      string
	Value      string // normalised value
	HeldBy     string // id that holds the value
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("store: duplicate value %q for %s.%s (held by %q)",
		e.Value, e.Collection, e.Index, e.HeldBy)
}

// Is lets errors.Is(err, ErrDuplicate) succeed without unwrapping.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// Options configures Open.
type Options struct {
	Path  string      // "" keeps everything in memory; otherwise a buntdb file
	Clock clock.Clock // required: the only source of "now" for expiry
}

// Store is a tenant-scoped document store on top of buntdb.
type Store struct {
	db    *buntdb.DB
	clock clock.Clock
}

// Open opens (or creates) a store.
func Open(opts Options) (*Store, error) {
	if opts.Clock == nil {
		return nil, errors.New("store: Options.Clock is required")
	}
	path := ":memory:"
	if opts.Path != "" {
		path = opts.Path
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	db, err := buntdb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	var cfg buntdb.Config
	if err := db.ReadConfig(&cfg); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: read config: %w", err)
	}
	cfg.SyncPolicy = buntdb.EverySecond
	if err := db.SetConfig(cfg); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: set config: %w", err)
	}
	return &Store{db: db, clock: opts.Clock}, nil
}

// Close flushes and closes the underlying database.
func (s *Store) Close() error { return s.db.Close() }

// Now is the emulator clock's current time.
func (s *Store) Now() time.Time { return s.clock.Now() }

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(tx *Tx) error) error {
	return s.run(false, fn)
}

// Update runs fn in one write transaction. If fn returns an error (or panics),
// every write it made is rolled back; the error is returned unchanged.
func (s *Store) Update(fn func(tx *Tx) error) error {
	return s.run(true, fn)
}

// errPanicked forces buntdb to roll back: its managed transactions commit when fn
// panics, which would persist half of an operation.
var errPanicked = errors.New("store: transaction function panicked")

func (s *Store) run(writable bool, fn func(tx *Tx) error) error {
	var (
		panicked bool
		pv       any
	)
	inner := func(btx *buntdb.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				panicked, pv, err = true, r, errPanicked
			}
		}()
		// Read the clock only once the transaction holds its lock, so "now" is
		// ordered with the writes it guards.
		return fn(&Tx{btx: btx, now: s.clock.Now()})
	}
	var err error
	if writable {
		err = s.db.Update(inner)
	} else {
		err = s.db.View(inner)
	}
	if panicked {
		panic(pv)
	}
	return err
}

// --- key layout -------------------------------------------------------------

// ValidName reports whether s can name a tenant, collection, id or index; the store
// refuses any other name with ErrInvalidKey. Request edges check it so that a name no
// record can have is a client error rather than a failure deep inside a handler.
func ValidName(s string) bool { return validName(s) }

func validName(s string) bool {
	// Invalid UTF-8 would not survive a JSON snapshot unchanged.
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '/' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func checkNames(names ...string) error {
	for _, n := range names {
		if !validName(n) {
			return fmt.Errorf("%w: %q", ErrInvalidKey, n)
		}
	}
	return nil
}

func tenantPrefix(tenant string) string     { return tenant + "/" }
func docPrefix(tenant, coll string) string  { return tenant + "/d/" + coll + "/" }
func expPrefix(tenant, coll string) string  { return tenant + "/x/" + coll + "/" }
func uniqPrefix(tenant, coll string) string { return tenant + "/u/" + coll + "/" }
func docKey(tenant, coll, id string) string { return docPrefix(tenant, coll) + id }
func expKey(tenant, coll, id string) string { return expPrefix(tenant, coll) + id }
func normalise(value string) string         { return strings.ToLower(strings.TrimSpace(value)) }
func uniqKey(tenant, coll, index, value string) string {
	return uniqPrefix(tenant, coll) + index + "/" + url.PathEscape(value)
}

// prefixEnd is the smallest key greater than every key starting with prefix.
// Every prefix we build ends in '/', so bumping that byte is enough.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	b[len(b)-1]++
	return string(b)
}

// ascendPrefix visits keys starting with prefix in order. Range iteration is used
// instead of buntdb patterns because names and values may contain '*' or '?'.
func ascendPrefix(btx *buntdb.Tx, prefix string, fn func(key, val string) bool) error {
	return btx.AscendRange("", prefix, prefixEnd(prefix), func(k, v string) bool {
		if !strings.HasPrefix(k, prefix) {
			return true
		}
		return fn(k, v)
	})
}

// keysWithPrefix collects keys first, since buntdb forbids deleting mid-iteration.
func keysWithPrefix(btx *buntdb.Tx, prefix string) ([]string, error) {
	var keys []string
	err := ascendPrefix(btx, prefix, func(k, _ string) bool {
		keys = append(keys, k)
		return true
	})
	return keys, err
}

func deleteKeys(btx *buntdb.Tx, keys []string) error {
	for _, k := range keys {
		if _, err := btx.Delete(k); err != nil && !errors.Is(err, buntdb.ErrNotFound) {
			return err
		}
	}
	return nil
}
