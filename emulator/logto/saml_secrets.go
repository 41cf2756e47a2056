package logto

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// A SAML application's signing certificates ("secrets"): self-signed X.509 certificates
// with their RSA keys, one of them active at a time. Creating an app makes an active one
// valid for 3 years; later ones start inactive, and activating one deactivates the rest.

type samlSecret struct {
	ID          string `json:"id"`
	AppID       string `json:"applicationId"`
	PrivateKey  string `json:"privateKey"`
	Certificate string `json:"certificate"`
	CreatedAt   int64  `json:"createdAt"`
	ExpiresAt   int64  `json:"expiresAt"`
	Active      bool   `json:"active"`
}

var samlSecrets = store.Collection[samlSecret]{Name: "saml-application-secrets"}

// samlKeyBits is the certificates' RSA key size. Logto uses 4096 bits; 2048 keeps
// creating an app fast.
const samlKeyBits = 2048

// samlSecretBody is samlApplicationSecretResponseGuard: the row without the tenant,
// the application and the private key, with the certificate's fingerprints.
type samlSecretBody struct {
	ID           string           `json:"id"`
	Certificate  string           `json:"certificate"`
	CreatedAt    int64            `json:"createdAt"`
	ExpiresAt    int64            `json:"expiresAt"`
	Active       bool             `json:"active"`
	Fingerprints certFingerprints `json:"fingerprints"`
}

type certFingerprints struct {
	Sha256 struct {
		Formatted   string `json:"formatted"`
		Unformatted string `json:"unformatted"`
	} `json:"sha256"`
}

func (s samlSecret) body() samlSecretBody {
	return samlSecretBody{ID: s.ID, Certificate: s.Certificate, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt,
		Active: s.Active, Fingerprints: fingerprintsOf(s.Certificate)}
}

// fingerprintsOf is the SHA-256 of the certificate's DER, upper-case hex, plain and in
// colon-separated pairs.
func fingerprintsOf(certPEM string) certFingerprints {
	var f certFingerprints
	block, _ := pem.Decode([]byte(certPEM))
	if block == nil {
		return f
	}
	sum := sha256.Sum256(block.Bytes)
	hexed := strings.ToUpper(hex.EncodeToString(sum[:]))
	pairs := make([]string, 0, len(hexed)/2)
	for i := 0; i+1 < len(hexed); i += 2 {
		pairs = append(pairs, hexed[i:i+2])
	}
	f.Sha256.Formatted, f.Sha256.Unformatted = strings.Join(pairs, ":"), hexed
	return f
}

// forgePEM writes PEM as node-forge does: CRLF line ends.
func forgePEM(typ string, der []byte) string {
	return strings.ReplaceAll(string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})), "\n", "\r\n")
}

// newSamlSecret makes a key pair and a certificate valid from now for the given years:
// subject CN=example.com, issuer CN=logto.io, O=Logto, C=US, a random 16-byte serial.
func newSamlSecret(now time.Time, appID string, years int, active bool) (samlSecret, error) {
	key, err := rsa.GenerateKey(rand.Reader, samlKeyBits)
	if err != nil {
		return samlSecret{}, err
	}
	serial := make([]byte, 16)
	if _, err := rand.Read(serial); err != nil {
		return samlSecret{}, err
	}
	notAfter := now.AddDate(years, 0, 0)
	tmpl := &x509.Certificate{SerialNumber: new(big.Int).SetBytes(serial), Subject: pkix.Name{CommonName: "example.com"},
		NotBefore: now, NotAfter: notAfter, SignatureAlgorithm: x509.SHA256WithRSA}
	issuer := &x509.Certificate{Subject: pkix.Name{CommonName: "logto.io", Organization: []string{"Logto"}, Country: []string{"US"}}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, key)
	if err != nil {
		return samlSecret{}, err
	}
	return samlSecret{ID: standardID(), AppID: appID, PrivateKey: forgePEM("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key)),
		Certificate: forgePEM("CERTIFICATE", der), CreatedAt: now.UnixMilli(), ExpiresAt: notAfter.UnixMilli(), Active: active}, nil
}

// appSamlSecrets lists an application's secrets, oldest first.
func appSamlSecrets(tx *store.Tx, tenant, appID string) ([]samlSecret, error) {
	var out []samlSecret
	err := samlSecrets.Each(tx, tenant, func(_ string, s samlSecret) bool {
		if s.AppID == appID {
			out = append(out, s)
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt < out[j].CreatedAt })
	return out, err
}

// addSamlSecret stores a new secret; an active one deactivates the others.
func addSamlSecret(tx *store.Tx, tenant string, s samlSecret) error {
	if s.Active {
		if err := setActiveSamlSecret(tx, tenant, s.AppID, ""); err != nil {
			return err
		}
	}
	return samlSecrets.Insert(tx, tenant, s.ID, s)
}

// setActiveSamlSecret makes id the application's only active secret ("" deactivates all).
func setActiveSamlSecret(tx *store.Tx, tenant, appID, id string) error {
	list, err := appSamlSecrets(tx, tenant, appID)
	for _, s := range list {
		if err == nil && s.Active != (s.ID == id) {
			s.Active = s.ID == id
			err = samlSecrets.Put(tx, tenant, s.ID, s)
		}
	}
	return err
}

func findSamlSecret(tx *store.Tx, tenant, appID, id string) (samlSecret, error) {
	s, err := samlSecrets.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && s.AppID != appID) {
		return s, entityNotFound()
	}
	return s, err
}

func (h *Handler) createSamlApplicationSecret(c *gin.Context) error {
	var in struct {
		LifeSpanInYears int `json:"lifeSpanInYears"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, appID := platform.TenantOf(c), contract.Param(c, "id")
	var s samlSecret
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if _, err := loadApplication(tx, tenant, appID); err != nil {
			return err
		}
		if s, err = newSamlSecret(tx.Now(), appID, in.LifeSpanInYears, false); err != nil {
			return err
		}
		return addSamlSecret(tx, tenant, s)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, s.body())
}

func (h *Handler) listSamlApplicationSecrets(c *gin.Context) error {
	tenant, appID := platform.TenantOf(c), contract.Param(c, "id")
	out := []samlSecretBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		list, err := appSamlSecrets(tx, tenant, appID)
		for _, s := range list {
			out = append(out, s.body())
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) updateSamlApplicationSecret(c *gin.Context) error {
	var in struct {
		Active bool `json:"active"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, appID, id := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, "secretId")
	var s samlSecret
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if s, err = findSamlSecret(tx, tenant, appID, id); err != nil || s.Active == in.Active {
			return err
		}
		if in.Active {
			err = setActiveSamlSecret(tx, tenant, appID, id)
		} else {
			s.Active = false
			err = samlSecrets.Put(tx, tenant, id, s)
		}
		s.Active = in.Active
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.body())
}

func (h *Handler) deleteSamlApplicationSecret(c *gin.Context) error {
	tenant, appID, id := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, "secretId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := findSamlSecret(tx, tenant, appID, id)
		if err != nil {
			return err
		}
		if s.Active {
			return fail(http.StatusBadRequest, "application.saml.can_not_delete_active_secret")
		}
		return samlSecrets.Delete(tx, tenant, id)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
