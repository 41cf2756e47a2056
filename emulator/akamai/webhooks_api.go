package akamai

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- the Webhooks v3 API -------------------------------------------------------------

func subscriptionBase(x *call) string { return "/" + x.customer + "/webhooks/subscriptions" }

func (s subscription) view(x *call) gin.H {
	return gin.H{"id": s.ID, "title": s.Title, "endpoint": s.Endpoint, "events": nonNil(s.Events), "enabled": s.Enabled,
		"customerId": x.customer, "createdAt": s.CreatedAt.UTC().Format(time.RFC3339Nano),
		"_links": gin.H{"self": gin.H{"href": subscriptionBase(x) + "/" + s.ID}}}
}

// checkEndpoint: idemu only sends HTTP to loopback addresses, so a listener must be on
// this machine.
func checkEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badRequest("Invalid request: endpoint must be an http or https URL")
	}
	if !isLoopbackHost(u.Hostname()) {
		return badRequest("Invalid request: endpoint: idemu only delivers webhooks to loopback listeners (localhost, 127.0.0.0/8, ::1)")
	}
	return nil
}

type subscriptionInput struct {
	Title    *string   `json:"title"`
	Endpoint *string   `json:"endpoint"`
	Events   *[]string `json:"events"`
	Enabled  *bool     `json:"enabled"`
}

// apply sets what the input gives, claiming a changed title (unique per customer).
func (in subscriptionInput) apply(tx *store.Tx, app string, s *subscription) error {
	if in.Endpoint != nil {
		if err := checkEndpoint(*in.Endpoint); err != nil {
			return err
		}
		s.Endpoint = *in.Endpoint
	}
	if in.Title != nil && *in.Title != s.Title {
		err := tx.Claim(app, subscriptions.Name, "title", *in.Title, s.ID)
		if errors.Is(err, store.ErrDuplicate) {
			return conflict("A subscription titled " + *in.Title + " already exists.")
		}
		if err != nil {
			return err
		}
		if s.Title != "" {
			if err := tx.Release(app, subscriptions.Name, "title", s.Title, s.ID); err != nil {
				return err
			}
		}
		s.Title = *in.Title
	}
	if in.Events != nil {
		events := slices.Clone(*in.Events)
		slices.Sort(events)
		s.Events = nonNil(slices.Compact(events))
	}
	if in.Enabled != nil {
		s.Enabled = *in.Enabled
	}
	return nil
}

func getSubscription(tx *store.Tx, app, id string) (subscription, error) {
	s, err := subscriptions.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return subscription{}, configErr(http.StatusNotFound, "Subscription not found.")
	}
	return s, err
}

// page cuts a listing into pages of webhookPageSize: no page means all of it, and a page
// past the end is the last page, as documented.
func page[T any](c *gin.Context, base string, items []T) ([]T, gin.H) {
	links := gin.H{"self": gin.H{"href": base}}
	raw := c.Query("page")
	if raw == "" {
		return items, links
	}
	n, _ := strconv.Atoi(raw) // the contract checked it is an integer of at least 1
	last := max(1, (len(items)+webhookPageSize-1)/webhookPageSize)
	n = min(n, last)
	href := func(p int) gin.H { return gin.H{"href": base + "?page=" + strconv.Itoa(p)} }
	links["self"], links["first"], links["last"] = href(n), href(1), href(last)
	if n > 1 {
		links["prev"] = href(n - 1)
	}
	if n < last {
		links["next"] = href(n + 1)
	}
	start := min((n-1)*webhookPageSize, len(items))
	return items[start:min(start+webhookPageSize, len(items))], links
}

func (h *Handler) listWebhookSubscriptions(c *gin.Context, x *call) (int, any, error) {
	var all []subscription
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		all, err = subscriptions.List(tx, x.app)
		return err
	})
	sort.Slice(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	items, links := page(c, subscriptionBase(x), all)
	out := []gin.H{}
	for _, s := range items {
		out = append(out, s.view(x))
	}
	return http.StatusOK, gin.H{"_embedded": gin.H{"subscriptions": out}, "_links": links}, err
}

func (h *Handler) createWebhookSubscription(c *gin.Context, x *call) (int, any, error) {
	var in subscriptionInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var s subscription
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, x.app)
		if err != nil {
			return err
		}
		s = subscription{Seq: seq, ID: uuid.NewString(), Enabled: true, CreatedAt: tx.Now()}
		if err := in.apply(tx, x.app, &s); err != nil {
			return err
		}
		return subscriptions.Insert(tx, x.app, s.ID, s)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, s.view(x), nil
}

func (h *Handler) getWebhookSubscription(c *gin.Context, x *call) (int, any, error) {
	var s subscription
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		s, err = getSubscription(tx, x.app, contract.Param(c, "subscriptionId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.view(x), nil
}

func (h *Handler) updateWebhookSubscription(c *gin.Context, x *call) (int, any, error) {
	var in subscriptionInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var s subscription
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if s, err = getSubscription(tx, x.app, contract.Param(c, "subscriptionId")); err != nil {
			return err
		}
		if err := in.apply(tx, x.app, &s); err != nil {
			return err
		}
		return subscriptions.Put(tx, x.app, s.ID, s)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.view(x), nil
}

// deleteWebhookSubscription deletes the subscription and its events.
func (h *Handler) deleteWebhookSubscription(c *gin.Context, x *call) (int, any, error) {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := getSubscription(tx, x.app, contract.Param(c, "subscriptionId"))
		if err != nil {
			return err
		}
		var keys []string
		if err := webhookEvents.Each(tx, x.app, func(k string, _ webhookEvent) bool {
			if strings.HasPrefix(k, s.ID+".") {
				keys = append(keys, k)
			}
			return true
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := webhookEvents.Delete(tx, x.app, k); err != nil {
				return err
			}
			if err := webhookPending.Delete(tx, x.app, k); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if err := tx.Release(x.app, subscriptions.Name, "title", s.Title, s.ID); err != nil {
			return err
		}
		return subscriptions.Delete(tx, x.app, s.ID)
	})
	return http.StatusNoContent, nil, err
}

func (e webhookEvent) view(x *call) gin.H {
	return gin.H{"id": e.ID, "subscriptionId": e.SubscriptionID, "type": e.Type, "state": e.State, "attempts": e.Attempts,
		"createdAt": e.CreatedAt.UTC().Format(time.RFC3339Nano), "updatedAt": e.UpdatedAt.UTC().Format(time.RFC3339Nano),
		"data": e.Data, "_links": gin.H{"self": gin.H{"href": subscriptionBase(x) + "/" + e.SubscriptionID + "/events/" + e.ID}}}
}

// subscriptionEvents lists a subscription's events, newest first.
func subscriptionEvents(tx *store.Tx, app, subID string) ([]webhookEvent, error) {
	var out []webhookEvent
	err := webhookEvents.Each(tx, app, func(k string, e webhookEvent) bool {
		if strings.HasPrefix(k, subID+".") {
			out = append(out, e)
		}
		return true
	})
	slices.Reverse(out)
	return out, err
}

// findEvent loads one event of the path's subscription, with its key.
func findEvent(tx *store.Tx, c *gin.Context, app string) (subscription, string, webhookEvent, error) {
	s, err := getSubscription(tx, app, contract.Param(c, "subscriptionId"))
	if err != nil {
		return s, "", webhookEvent{}, err
	}
	events, err := subscriptionEvents(tx, app, s.ID)
	if err != nil {
		return s, "", webhookEvent{}, err
	}
	id := contract.Param(c, "eventId")
	for _, e := range events {
		if e.ID == id {
			return s, eventKey(e), e, nil
		}
	}
	return s, "", webhookEvent{}, configErr(http.StatusNotFound, "Event not found.")
}

func (h *Handler) listWebhookEvents(c *gin.Context, x *call) (int, any, error) {
	var events []webhookEvent
	var s subscription
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		if s, err = getSubscription(tx, x.app, contract.Param(c, "subscriptionId")); err != nil {
			return err
		}
		events, err = subscriptionEvents(tx, x.app, s.ID)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	items, links := page(c, subscriptionBase(x)+"/"+s.ID+"/events", events)
	out := []gin.H{}
	for _, e := range items {
		out = append(out, e.view(x))
	}
	return http.StatusOK, gin.H{"_embedded": gin.H{"events": out}, "_links": links}, nil
}

func (h *Handler) getWebhookEvent(c *gin.Context, x *call) (int, any, error) {
	var e webhookEvent
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		_, _, e, err = findEvent(tx, c, x.app)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, e.view(x), nil
}

func (h *Handler) getWebhookEventHistory(c *gin.Context, x *call) (int, any, error) {
	var e webhookEvent
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		_, _, e, err = findEvent(tx, c, x.app)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	out := []gin.H{}
	for _, he := range e.History {
		entry := gin.H{"state": he.State, "timestamp": he.Timestamp.UTC().Format(time.RFC3339Nano)}
		if he.StatusCode != 0 {
			entry["statusCode"] = he.StatusCode
		}
		if he.Message != "" {
			entry["message"] = he.Message
		}
		out = append(out, entry)
	}
	self := subscriptionBase(x) + "/" + e.SubscriptionID + "/events/" + e.ID + "/history"
	return http.StatusOK, gin.H{"_embedded": gin.H{"history": out}, "_links": gin.H{"self": gin.H{"href": self}}}, nil
}

// redeliverWebhookEvent queues a failed event again and delivers it; an event that has
// not failed, or one of a disabled subscription, is a conflict, as documented.
func (h *Handler) redeliverWebhookEvent(c *gin.Context, x *call) (int, any, error) {
	var key string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, k, e, err := findEvent(tx, c, x.app)
		if err != nil {
			return err
		}
		switch {
		case !s.Enabled:
			return conflict("The subscription is disabled.")
		case e.State != stateFailure:
			return conflict("Only failed events can be redelivered.")
		}
		key = k
		e.State, e.UpdatedAt = stateAwaiting, tx.Now()
		e.History = append(e.History, historyEntry{State: stateAwaiting, Timestamp: tx.Now(), Message: "redelivery requested"})
		if err := webhookEvents.Put(tx, x.app, k, e); err != nil {
			return err
		}
		return webhookPending.PutTTL(tx, x.app, k, k, tx.Now().Add(eventRetention))
	})
	if err != nil {
		return 0, nil, err
	}
	h.deliverPending(x.app)
	var e webhookEvent
	err = h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		e, err = webhookEvents.Get(tx, x.app, key)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, e.view(x), nil
}

// testWebhookSubscription sends a test event to the listener at once and reports what it
// answered. Test events are not kept in the event store.
func (h *Handler) testWebhookSubscription(c *gin.Context, x *call) (int, any, error) {
	var d delivery
	id := uuid.NewString()
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := getSubscription(tx, x.app, contract.Param(c, "subscriptionId"))
		if err != nil {
			return err
		}
		e := webhookEvent{ID: id, SubscriptionID: s.ID, Type: eventTest, Data: map[string]any{"test": true}}
		d, err = h.prepareDelivery(tx, x.app, s, e)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	status, msg := post(d)
	err = h.deps.Store.Update(func(tx *store.Tx) error { return h.recordDelivery(tx, x.app, d, eventTest, id) })
	return http.StatusOK, gin.H{"success": status >= 200 && status < 300, "statusCode": status, "message": msg}, err
}
