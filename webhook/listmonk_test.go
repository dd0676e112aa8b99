package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// listmonkReceiver checks requests against listmonk's documented generic
// bounce webhook (https://listmonk.app/docs/bounces/#webhook-api): POST
// /webhooks/bounce, JSON with exactly the documented fields, email or
// subscriber_uuid, source and type (hard, soft or complaint) required,
// meta an escaped JSON string; authenticated as an API user
// (https://listmonk.app/docs/apis/apis/#auth). It answers as listmonk
// does: 200 {"data": true}, 400 or 403 with {"message": ...}.
type listmonkReceiver struct {
	t        *testing.T
	user     string
	token    string
	mu       sync.Mutex
	bounces  []map[string]any
	hookIDs  []string
	rejected int
}

func (lr *listmonkReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fail := func(code int, msg string) {
		lr.mu.Lock()
		lr.rejected++
		lr.mu.Unlock()
		lr.t.Errorf("listmonk receiver: %s", msg)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":%q}`, msg)
	}
	if r.Method != http.MethodPost || r.URL.Path != "/webhooks/bounce" {
		fail(http.StatusNotFound, "not found: "+r.Method+" "+r.URL.Path)
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != lr.user || pass != lr.token {
		fail(http.StatusForbidden, "invalid API credentials")
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		fail(http.StatusBadRequest, "content type "+r.Header.Get("Content-Type"))
		return
	}
	var b struct {
		SubscriberUUID *string `json:"subscriber_uuid"`
		Email          *string `json:"email"`
		CampaignUUID   *string `json:"campaign_uuid"`
		Source         *string `json:"source"`
		Type           *string `json:"type"`
		Meta           *string `json:"meta"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		fail(http.StatusBadRequest, "invalid data: "+err.Error())
		return
	}
	switch {
	case (b.Email == nil || *b.Email == "") && (b.SubscriberUUID == nil || *b.SubscriberUUID == ""):
		fail(http.StatusBadRequest, "invalid email / subscriber_uuid")
		return
	case b.Source == nil || *b.Source == "":
		fail(http.StatusBadRequest, "invalid source")
		return
	case b.Type == nil || (*b.Type != "hard" && *b.Type != "soft" && *b.Type != "complaint"):
		fail(http.StatusBadRequest, "invalid type")
		return
	}
	rec := map[string]any{"email": *b.Email, "source": *b.Source, "type": *b.Type}
	if b.Meta != nil {
		var meta map[string]any
		if err := json.Unmarshal([]byte(*b.Meta), &meta); err != nil {
			fail(http.StatusBadRequest, "meta is not an escaped JSON string: "+err.Error())
			return
		}
		rec["meta"] = meta
	}
	lr.mu.Lock()
	lr.bounces = append(lr.bounces, rec)
	lr.hookIDs = append(lr.hookIDs, r.Header.Get("webhook-id"))
	lr.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"data":true}`))
}

func (lr *listmonkReceiver) got() []map[string]any {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return append([]map[string]any(nil), lr.bounces...)
}

func TestListmonkFormat(t *testing.T) {
	lr := &listmonkReceiver{t: t, user: "bounce-milter", token: "s3cr3t-t0ken"}
	srv := httptest.NewServer(lr)
	t.Cleanup(srv.Close)

	cfg := fastConfig(srv.URL + "/webhooks/bounce")
	cfg.Format, cfg.Signer, cfg.Credentials = webhook.FormatListmonk, nil, lr.user+":"+lr.token
	h := newHarness(t, cfg, spool.Options{})

	facts := sampleFacts("hard@example.org")
	facts = append(facts,
		classify.Record{Recipient: "full@example.org", Reason: classify.MailboxFull, DeliveryStatus: "4.2.2"},
		classify.Record{Recipient: "away@example.org", Reason: classify.Vacation}, // not a bounce to listmonk
	)
	ctx := context.Background()
	require.NoError(t, h.s.Submit(ctx, sampleMessage(1), event.HardBounce, facts))
	require.NoError(t, h.s.Submit(ctx, sampleMessage(2), event.Feedback,
		[]classify.Record{{Recipient: "angry@example.org", Reason: classify.Feedback, FeedbackType: "abuse"}}))
	require.NoError(t, h.s.Submit(ctx, sampleMessage(3), event.AutoReply,
		[]classify.Record{{Recipient: "away@example.org", Reason: classify.Vacation}}))

	waitFor(t, 10*time.Second, "three listmonk bounces", func() bool { return len(lr.got()) == 3 })
	waitFor(t, 5*time.Second, "spool empty", func() bool { return h.sp.Stats().Queued == 0 })
	assert.Equal(t, 1.0, h.metric(t, "events_filtered_total"), "the auto-reply is not posted")
	assert.Equal(t, 3.0, h.metric(t, "events_spooled_total"), "one event per recipient")

	byEmail := map[string]map[string]any{}
	for _, b := range lr.got() {
		byEmail[b["email"].(string)] = b
		assert.Equal(t, "bounce-milter", b["source"])
	}
	require.Contains(t, byEmail, "hard@example.org")
	require.Contains(t, byEmail, "full@example.org")
	require.Contains(t, byEmail, "angry@example.org")
	assert.Equal(t, "hard", byEmail["hard@example.org"]["type"])
	assert.Equal(t, "soft", byEmail["full@example.org"]["type"])
	assert.Equal(t, "complaint", byEmail["angry@example.org"]["type"])
	meta := byEmail["hard@example.org"]["meta"].(map[string]any)
	assert.Equal(t, "userunknown", meta["reason"])
	assert.Equal(t, "5.1.1", meta["deliverystatus"])
	assert.Equal(t, "Q000001", meta["queue_id"])
	assert.Equal(t, "status-5.1.1", meta["rule"])
	assert.Zero(t, lr.rejected)
	for _, id := range lr.hookIDs {
		assert.True(t, spool.ValidID(id), "webhook-id %q for deduplication", id)
	}
}

func TestListmonkType(t *testing.T) {
	tests := []struct {
		kind event.Kind
		rec  classify.Record
		want string
	}{
		{event.HardBounce, classify.Record{Reason: classify.UserUnknown, HardBounce: true}, "hard"},
		{event.SoftBounce, classify.Record{Reason: classify.MailboxFull}, "soft"},
		{event.Feedback, classify.Record{Reason: classify.Feedback}, "complaint"},
		{event.SoftBounce, classify.Record{Reason: classify.Feedback}, "complaint"},
		{event.Feedback, classify.Record{Reason: classify.Undefined}, "complaint"},
		{event.HardBounce, classify.Record{Reason: classify.HostUnknown, HardBounce: true}, "hard"},
		{event.DeliveryNotice, classify.Record{Reason: classify.Delivered}, "soft"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, webhook.ListmonkType(tt.kind, tt.rec), "%s %s", tt.kind, tt.rec.Reason)
	}
}

func TestListmonkBodyIsDocumentedShape(t *testing.T) {
	body, err := json.Marshal(webhook.ListmonkBounce{Email: "a@example.org", Source: "bounce-milter", Type: "hard", Meta: `{"x":1}`})
	require.NoError(t, err)
	// The documentation's curl example, with our values.
	assert.True(t, bytes.Equal([]byte(`{"email":"a@example.org","source":"bounce-milter","type":"hard","meta":"{\"x\":1}"}`), body), string(body))
}
