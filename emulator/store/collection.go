package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// Collection gives typed access to the JSON documents of one collection. It holds
// no state beyond its name, so it can be a package-level variable.
type Collection[T any] struct {
	Name string
}

// Get decodes a live document.
func (c Collection[T]) Get(tx *Tx, tenant, id string) (T, error) {
	var v T
	raw, err := tx.GetRaw(tenant, c.Name, id)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, c.decodeErr(tenant, id, err)
	}
	return v, nil
}

// Insert stores a new document; ErrAlreadyExists if a live one has the id. An
// expired document under the id is simply replaced.
func (c Collection[T]) Insert(tx *Tx, tenant, id string, v T) error {
	if err := checkNames(tenant, c.Name, id); err != nil {
		return err
	}
	_, st, err := tx.get(tenant, c.Name, id)
	if err != nil {
		return err
	}
	if st == docLive {
		return ErrAlreadyExists
	}
	return c.PutTTL(tx, tenant, id, v, time.Time{})
}

// Put creates or replaces a document that never expires.
func (c Collection[T]) Put(tx *Tx, tenant, id string, v T) error {
	return c.PutTTL(tx, tenant, id, v, time.Time{})
}

// PutTTL creates or replaces a document that expires at expiresAt on the emulator
// clock (zero: never).
func (c Collection[T]) PutTTL(tx *Tx, tenant, id string, v T, expiresAt time.Time) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s/%s/%s: %w", tenant, c.Name, id, err)
	}
	return tx.PutRaw(tenant, c.Name, id, raw, expiresAt)
}

// Update reads a live document, lets fn change it and writes it back, keeping its
// expiry: refreshing a record must not silently extend or drop its lifetime.
// fn's error is returned as is and nothing is written.
func (c Collection[T]) Update(tx *Tx, tenant, id string, fn func(v *T) error) (T, error) {
	v, err := c.Get(tx, tenant, id)
	if err != nil {
		var zero T
		return zero, err
	}
	if err := fn(&v); err != nil {
		var zero T
		return zero, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("store: encode %s/%s/%s: %w", tenant, c.Name, id, err)
	}
	if err := tx.setDoc(tenant, c.Name, id, raw); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Delete removes a document; ErrNotFound if there is no live one.
func (c Collection[T]) Delete(tx *Tx, tenant, id string) error {
	return tx.Delete(tenant, c.Name, id)
}

// List decodes every live document in ascending id order.
func (c Collection[T]) List(tx *Tx, tenant string) ([]T, error) {
	out := []T{}
	err := c.Each(tx, tenant, func(_ string, v T) bool {
		out = append(out, v)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Each decodes live documents in ascending id order until fn returns false.
func (c Collection[T]) Each(tx *Tx, tenant string, fn func(id string, v T) bool) error {
	var derr error
	err := tx.Scan(tenant, c.Name, func(id string, raw []byte) bool {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			derr = c.decodeErr(tenant, id, err)
			return false
		}
		return fn(id, v)
	})
	if err != nil {
		return err
	}
	return derr
}

func (c Collection[T]) decodeErr(tenant, id string, err error) error {
	return fmt.Errorf("store: decode %s/%s/%s: %w", tenant, c.Name, id, err)
}
