package logto

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Custom domains of the tenant's sign-in endpoint, as Logto Cloud manages them with its
// hostname provider: one per tenant, waiting for a CNAME to Logto's domain. idemu
// resolves no DNS, so a domain stays PendingVerification.

type domain struct {
	ID           string      `json:"id"`
	Domain       string      `json:"domain"`
	Status       string      `json:"status"`
	ErrorMessage *string     `json:"errorMessage"`
	DNSRecords   []dnsRecord `json:"dnsRecords"`
	CreatedAt    int64       `json:"createdAt"`
}

type dnsRecord struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

const (
	domainPending = "PendingVerification"
	domainActive  = "Active"
	// domainCNAMETarget is where Logto Cloud asks a custom domain to point.
	domainCNAMETarget = "domains.logto.app"
	byDomain          = "domain"
)

var domains = store.Collection[domain]{Name: "domains"}

func (h *Handler) listDomains(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var all []domain
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		all, err = domains.List(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt < all[j].CreatedAt })
	if all == nil {
		all = []domain{}
	}
	return h.respond(c, http.StatusOK, all)
}

func (h *Handler) createDomain(c *gin.Context) error {
	var in struct {
		Domain string `json:"domain"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	name := strings.ToLower(strings.TrimSpace(in.Domain))
	var d domain
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if n, err := tx.Count(tenant, domains.Name); err != nil || n > 0 {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "domain.limit_to_one_domain")
		}
		d = domain{ID: standardID(), Domain: name, Status: domainPending, CreatedAt: tx.Now().UnixMilli(),
			DNSRecords: []dnsRecord{{Name: name, Type: "CNAME", Value: domainCNAMETarget}}}
		if err := tx.Claim(tenant, domains.Name, byDomain, name, d.ID); errors.Is(err, store.ErrDuplicate) {
			return fail(http.StatusUnprocessableEntity, "domain.hostname_already_exists")
		} else if err != nil {
			return err
		}
		return domains.Insert(tx, tenant, d.ID, d)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, d)
}

func (h *Handler) getDomain(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var d domain
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		d, err = domains.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return notFoundWithID("domains", id)
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, d)
}

func removeDomain(tx *store.Tx, tenant string, d domain) error {
	if err := tx.Release(tenant, domains.Name, byDomain, d.Domain, d.ID); err != nil {
		return err
	}
	return domains.Delete(tx, tenant, d.ID)
}

func (h *Handler) deleteDomain(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		d, err := domains.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		if err != nil {
			return err
		}
		return removeDomain(tx, tenant, d)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// cleanupDomains deletes domains that never became active and are older than
// staleDays; active ones are skipped.
func (h *Handler) cleanupDomains(c *gin.Context) error {
	var in struct {
		StaleDays float64 `json:"staleDays"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var scanned, deleted, skipped int
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		all, err := domains.List(tx, tenant)
		if err != nil {
			return err
		}
		cutoff := tx.Now().Add(-time.Duration(in.StaleDays * float64(24*time.Hour))).UnixMilli()
		for _, d := range all {
			scanned++
			switch {
			case d.Status == domainActive:
				skipped++
			case d.CreatedAt <= cutoff:
				if err := removeDomain(tx, tenant, d); err != nil {
					return err
				}
				deleted++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"scannedCount", scanned}, {"deletedCount", deleted},
		{"skippedActiveCount", skipped}, {"failedCount", 0}})
}
