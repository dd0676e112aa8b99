package webhook

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
)

// Format is the shape of the requests a Sender makes.
type Format string

// The formats.
const (
	// FormatStandard posts Event as JSON, signed per Standard Webhooks.
	FormatStandard Format = "standard"
	// FormatListmonk posts listmonk's generic bounce webhook body, one
	// request per recipient, with HTTP Basic authentication as a listmonk
	// API user holding the webhooks:post_bounce permission.
	FormatListmonk Format = "listmonk"
)

// ParseFormat returns the Format named s; "" is FormatStandard.
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(strings.TrimSpace(s))) {
	case "", FormatStandard:
		return FormatStandard, nil
	case FormatListmonk:
		return FormatListmonk, nil
	}
	return "", fmt.Errorf("webhook: unknown format %q (standard or listmonk)", s)
}

// ListmonkSource is the source field of the listmonk requests.
const ListmonkSource = "bounce-milter"

// ListmonkBounce is the body of listmonk's generic bounce webhook
// (POST /webhooks/bounce), as listmonk's bounce documentation gives it:
// email (or subscriber_uuid), source, type (hard, soft or complaint), and
// meta, "an optional escaped JSON string with arbitrary metadata".
// campaign_uuid is left out: a bounce does not carry it reliably.
type ListmonkBounce struct {
	Email  string `json:"email"`
	Source string `json:"source"`
	Type   string `json:"type"`
	Meta   string `json:"meta,omitempty"`
}

// ListmonkMeta is what the meta string of a listmonk request holds.
type ListmonkMeta struct {
	EventID        string          `json:"event_id"`
	Kind           event.Kind      `json:"kind"`
	Reason         classify.Reason `json:"reason"`
	HardBounce     bool            `json:"hardbounce"`
	DeliveryStatus string          `json:"deliverystatus"`
	ReplyCode      string          `json:"replycode"`
	DiagnosticCode string          `json:"diagnosticcode"`
	RHost          string          `json:"rhost"`
	Rule           string          `json:"rule"`
	QueueID        string          `json:"queue_id"`
	MessageID      string          `json:"message_id"`
	CreatedAt      time.Time       `json:"created_at"`
	VERP           string          `json:"verp,omitempty"` // the recipient the bounce's VERP envelope address encodes
}

// ListmonkType maps a fact to listmonk's bounce type: "complaint" for
// feedback (an ARF report, or a message of the feedback kind), "hard" for
// a hard bounce, "soft" otherwise.
func ListmonkType(kind event.Kind, rec classify.Record) string {
	switch {
	case rec.Reason == classify.Feedback, kind == event.Feedback:
		return "complaint"
	case rec.HardBounce:
		return "hard"
	}
	return "soft"
}

// listmonkWants reports whether a fact becomes a listmonk bounce: failures
// and complaints do; delivery notices and auto-replies do not, since
// listmonk would count them against the subscriber.
func listmonkWants(rec classify.Record) bool {
	return rec.Reason.IsFailure() || rec.Reason == classify.Feedback
}

// request is one HTTP request of a delivery.
type request struct {
	id   string // the webhook-id header
	body []byte
}

// requests returns the requests that deliver ev in format f.
func requests(f Format, ev *event.Event) ([]request, error) {
	if f != FormatListmonk {
		body, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("webhook: encode %s: %w", ev.ID, err)
		}
		return []request{{id: ev.ID, body: body}}, nil
	}
	var out []request
	for i, rec := range ev.Facts {
		if !listmonkWants(rec) || rec.Recipient == "" {
			continue
		}
		meta, err := json.Marshal(ListmonkMeta{
			EventID: ev.ID, Kind: ev.Kind, Reason: rec.Reason, HardBounce: rec.HardBounce,
			DeliveryStatus: rec.DeliveryStatus, ReplyCode: rec.ReplyCode, DiagnosticCode: rec.DiagnosticCode,
			RHost: rec.RHost, Rule: rec.Rule, QueueID: ev.Message.QueueID, MessageID: rec.MessageID,
			CreatedAt: ev.CreatedAt, VERP: rec.VERP,
		})
		if err != nil {
			return nil, fmt.Errorf("webhook: encode %s: %w", ev.ID, err)
		}
		body, err := json.Marshal(ListmonkBounce{
			Email: rec.Recipient, Source: ListmonkSource, Type: ListmonkType(ev.Kind, rec), Meta: string(meta),
		})
		if err != nil {
			return nil, fmt.Errorf("webhook: encode %s: %w", ev.ID, err)
		}
		id := ev.ID
		if len(ev.Facts) > 1 {
			id += "_" + strconv.Itoa(i)
		}
		out = append(out, request{id: id, body: body})
	}
	return out, nil
}
