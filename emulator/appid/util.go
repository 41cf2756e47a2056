package appid

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// decodeMap reads a JSON object into a typed view; fields that do not fit stay zero
// (the contract validated the body before).
func decodeMap[T any](m map[string]any) T {
	var out T
	raw, err := json.Marshal(m)
	if err == nil {
		_ = json.Unmarshal(raw, &out)
	}
	return out
}

// putTyped stores a typed view as a configuration document.
func putTyped(tx *store.Tx, tenant string, a area, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	return configs.Put(tx, tenant, a.id, m)
}

// numericCode is a random code of n digits, the first not zero so it survives as a number.
func numericCode(n int) string {
	b := make([]byte, n)
	for i := range b {
		lo := int64(0)
		if i == 0 {
			lo = 1
		}
		d, err := rand.Int(rand.Reader, big.NewInt(10-lo))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = byte('0' + lo + d.Int64())
	}
	return string(b)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// scimTime is App ID's timestamp format: ISO 8601 in UTC with milliseconds.
func scimTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func itoa(i int) string { return strconv.Itoa(i) }

// isMissing reports a document that does not exist, or that no id from the request
// could name (an empty id, a "/" or a control character): both are the caller's 404.
func isMissing(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey)
}
