package sink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// ErrDropped is wrapped by Submit's error when a sink's queue could not
// take an event: the event is lost for that sink, counted and logged; the
// mail flows on.
var ErrDropped = errors.New("sink: event dropped")

// Hub spools each bounce's event for every sink.
type Hub struct {
	sp  *spool.Spool
	ds  []*Drainer
	log *slog.Logger
}

// NewHub returns a Hub that writes into sp for the drainers, each of which
// drains a queue of sp.
func NewHub(sp *spool.Spool, log *slog.Logger, ds ...*Drainer) (*Hub, error) {
	if log == nil {
		log = slog.Default()
	}
	for _, d := range ds {
		if sp.Queue(d.Name()) != d.Queue() {
			return nil, fmt.Errorf("sink %s: its queue is not in spool %s", d.Name(), sp.Dir())
		}
	}
	return &Hub{sp: sp, ds: ds, log: log}, nil
}

// Drainers returns the hub's drainers.
func (h *Hub) Drainers() []*Drainer { return h.ds }

// Submit builds the event of one bounce and spools it, before it returns,
// in the queue of every sink that selects it. A nil error means each sink
// that wanted the event will deliver it at least once or put it in its
// dead letters. An error wrapping ErrDropped means some sink's queue could
// not take it (full, disk full); the caller should let the mail flow.
func (h *Hub) Submit(ctx context.Context, msg event.Message, kind event.Kind, facts []classify.Record) error {
	if err := ctx.Err(); err != nil {
		for _, d := range h.ds {
			d.m.dropped.WithLabelValues("error").Inc()
		}
		return fmt.Errorf("%w: %w", ErrDropped, err)
	}
	now := time.Now()
	base := event.New(msg, kind, facts, now)
	type target struct {
		ev *event.Event
		ds []*Drainer
	}
	var order []string
	byID := map[string]*target{}
	for _, d := range h.ds {
		evs := []event.Event{base}
		if d.cfg.Select != nil {
			evs = d.cfg.Select(&base)
		}
		if len(evs) == 0 {
			d.m.filtered.Inc()
			continue
		}
		for i := range evs {
			t, ok := byID[evs[i].ID]
			if !ok {
				t = &target{ev: &evs[i]}
				byID[evs[i].ID] = t
				order = append(order, evs[i].ID)
			}
			t.ds = append(t.ds, d)
		}
	}
	var errs []error
	for _, id := range order {
		t := byID[id]
		queues := make([]string, len(t.ds))
		for i, d := range t.ds {
			queues[i] = d.Name()
		}
		data, err := json.Marshal(t.ev)
		var stored []string
		if err == nil {
			stored, err = h.sp.Put(id, data, queues...)
		}
		for _, d := range t.ds {
			if slices.Contains(stored, d.Name()) {
				d.enqueued(id, now)
				continue
			}
			why, cause := err, "error"
			if err == nil || errors.Is(err, spool.ErrFull) {
				cause = "full"
				if err == nil { // the others took it
					why = fmt.Errorf("%w: %s", spool.ErrFull, d.Name())
				}
			}
			d.m.dropped.WithLabelValues(cause).Inc()
			d.log.Warn("sink: event dropped", "id", id, "queue_id", msg.QueueID, "cause", cause, "err", why)
			errs = append(errs, fmt.Errorf("%w: %s: %s: %w", ErrDropped, d.Name(), id, why))
		}
	}
	return errors.Join(errs...)
}
