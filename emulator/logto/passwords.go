package logto

import (
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"

	"github.com/idemu/idemu/emulator/platform"

	"golang.org/x/crypto/argon2"
)

// Passwords set through the API are stored as bcrypt hashes (at the emulator's cost)
// rather than Logto's Argon2i, so seeding stays fast; the algorithm is recorded as
// "Bcrypt", which Logto itself accepts for imported digests. Imported digests
// (passwordDigest + passwordAlgorithm) are kept as given and verified with their own
// algorithm.

const algBcrypt = "Bcrypt"

// hashPassword goes through platform.HashPassword, which also takes passwords longer
// than bcrypt's 72 bytes (Logto's own Argon2i has no such limit).
func hashPassword(password string, cost int) (string, error) {
	return platform.HashPassword(password, cost)
}

// legacyDigest is Logto's Legacy format: [algorithm, args, digest], where args holds
// one "@" that stands for the plain password.
type legacyDigest struct {
	Algorithm string
	Args      []string
	Digest    string
}

var legacyHashes = map[string]func() hash.Hash{"md5": md5.New, "sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}

func parseLegacy(digest string) (legacyDigest, error) {
	var parts []json.RawMessage
	var l legacyDigest
	bad := fail(http.StatusBadRequest, "password.invalid_legacy_password_format")
	if json.Unmarshal([]byte(digest), &parts) != nil || len(parts) != 3 ||
		json.Unmarshal(parts[0], &l.Algorithm) != nil || json.Unmarshal(parts[1], &l.Args) != nil ||
		json.Unmarshal(parts[2], &l.Digest) != nil {
		return l, bad
	}
	hasPlaceholder := false
	for _, a := range l.Args {
		hasPlaceholder = hasPlaceholder || a == "@"
	}
	if !hasPlaceholder {
		return l, bad
	}
	if _, ok := legacyHashes[l.Algorithm]; !ok && l.Algorithm != "pbkdf2" {
		return l, fail(http.StatusBadRequest, "password.unsupported_legacy_hash_algorithm", "algorithm", l.Algorithm)
	}
	return l, nil
}

// checkImportedDigest refuses a Legacy digest Logto could not parse.
func checkImportedDigest(algorithm, digest string) error {
	if algorithm != "Legacy" {
		return nil
	}
	_, err := parseLegacy(digest)
	return err
}

// verifyPassword checks a plain password against a stored digest.
func verifyPassword(algorithm, digest, password string) (bool, error) {
	if digest == "" {
		return false, nil
	}
	switch algorithm {
	case algBcrypt:
		return platform.PasswordMatches(digest, password), nil
	case "MD5":
		return hexEqual(md5.New, digest, password), nil
	case "SHA1":
		return hexEqual(sha1.New, digest, password), nil
	case "SHA256":
		return hexEqual(sha256.New, digest, password), nil
	case "Argon2i", "Argon2id":
		return verifyArgon2(digest, password), nil
	case "Legacy":
		l, err := parseLegacy(digest)
		if err != nil {
			return false, err
		}
		return verifyLegacy(l, password), nil
	}
	return false, fail(http.StatusBadRequest, "password.unsupported_encryption_method", "name", algorithm)
}

func hexEqual(newHash func() hash.Hash, digest, password string) bool {
	h := newHash()
	h.Write([]byte(password))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(h.Sum(nil))), []byte(strings.ToLower(digest))) == 1
}

// verifyArgon2 reads the PHC string $argon2<i|id>$v=19$m=..,t=..,p=..$salt$hash.
func verifyArgon2(digest, password string) bool {
	parts := strings.Split(digest, "$")
	if len(parts) != 6 {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	var got []byte
	switch parts[1] {
	case "argon2i":
		got = argon2.Key([]byte(password), salt, t, m, p, uint32(len(want)))
	case "argon2id":
		got = argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	default:
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}

// verifyLegacy hashes the args joined, "@" replaced by the password; for pbkdf2 the
// args are [salt, iterations, keylen, digest, "@"], the salt plain or "hex:"-prefixed.
func verifyLegacy(l legacyDigest, password string) bool {
	args := make([]string, len(l.Args))
	for i, a := range l.Args {
		if a == "@" {
			a = password
		}
		args[i] = a
	}
	if l.Algorithm == "pbkdf2" {
		if len(args) != 5 {
			return false
		}
		salt := []byte(args[0])
		if h, ok := strings.CutPrefix(args[0], "hex:"); ok {
			var err error
			if salt, err = hex.DecodeString(h); err != nil {
				return false
			}
		}
		iter, err1 := strconv.Atoi(args[1])
		keyLen, err2 := strconv.Atoi(args[2])
		newHash, ok := legacyHashes[args[3]]
		if err1 != nil || err2 != nil || !ok {
			return false
		}
		key, err := pbkdf2.Key(newHash, args[4], salt, iter, keyLen)
		return err == nil && subtle.ConstantTimeCompare([]byte(hex.EncodeToString(key)), []byte(strings.ToLower(l.Digest))) == 1
	}
	return hexEqual(legacyHashes[l.Algorithm], l.Digest, strings.Join(args, ""))
}
