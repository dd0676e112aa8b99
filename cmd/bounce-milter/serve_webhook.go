package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/webhook"
)

// webhookStopTimeout bounds how long a stopping webhook sender waits for
// its requests in flight; events not yet delivered stay in the spool.
const webhookStopTimeout = 10 * time.Second

// The webhook plugs into serve as an extension: its flags join serve's,
// and when --webhook-url is set every classified bounce is spooled from
// the milter's OnBounce hook, before the milter answers the MTA.
func init() {
	var opts *webhookOptions
	serveExtensions = append(serveExtensions, serveExtension{
		Name:  "webhook",
		Flags: func(fl *flag.FlagSet) { opts = addWebhookFlags(fl) },
		Setup: func(ctx context.Context, cfg *milter.Config, reg prometheus.Registerer, log *slog.Logger) (func(), error) {
			if opts.url == "" && opts.secretFile != "" {
				return nil, errors.New("webhook: --webhook-secret-file without --webhook-url: give both, or neither")
			}
			submit, stop, err := opts.start(ctx, log, reg)
			if err != nil {
				return nil, err
			}
			if submit != nil {
				cfg.OnBounce = func(ctx context.Context, b milter.Bounce) error {
					msg := webhook.Message{QueueID: b.QueueID, MessageID: b.MessageID, Subject: b.Subject, From: b.From, Size: b.Size}
					return submit(ctx, msg, b.Kind, b.Records)
				}
			}
			return func() {
				sctx, cancel := context.WithTimeout(context.Background(), webhookStopTimeout)
				defer cancel()
				if err := stop(sctx); err != nil {
					log.Warn("webhook: stop", "err", err)
				}
			}, nil
		},
	})
}
