package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// webhookSecretEnv holds the webhook secret when --webhook-secret-file is
// not given.
const webhookSecretEnv = "BOUNCE_MILTER_WEBHOOK_SECRET"

// defaultSpoolDir is where serve spools webhook events and where the spool
// command looks.
const defaultSpoolDir = "/var/lib/bounce-milter"

// webhookOptions are the webhook flags of serve (docs/webhook.md).
type webhookOptions struct {
	url            string
	secretFile     string
	spoolDir       string
	format         string
	kinds          string
	reasons        string
	concurrency    int
	maxAge         time.Duration
	timeout        time.Duration
	spoolMaxEvents int
	spoolMaxBytes  int64
}

// addWebhookFlags registers the webhook flags on fs and returns the options
// they fill.
func addWebhookFlags(fs *flag.FlagSet) *webhookOptions {
	o := &webhookOptions{}
	fs.StringVar(&o.url, "webhook-url", "", "post each classified bounce to this http(s) `URL`; none: no webhook")
	fs.StringVar(&o.secretFile, "webhook-secret-file", "",
		"`FILE` holding the signing secret (whsec_ and base64; several for a rotation), or for --webhook-format listmonk api_user:access_token; default $"+webhookSecretEnv)
	fs.StringVar(&o.spoolDir, "spool-dir", defaultSpoolDir, "`DIR` of the durable webhook queue and dead letters; one per instance")
	fs.StringVar(&o.format, "webhook-format", "standard", "request format: standard (signed Standard Webhooks JSON) or listmonk (POST /webhooks/bounce per recipient)")
	fs.StringVar(&o.kinds, "webhook-kinds", "", "comma-separated bounce `kinds` to post (e.g. hard,feedback); empty: all")
	fs.StringVar(&o.reasons, "webhook-reasons", "", "comma-separated `reasons` whose facts are posted (e.g. userunknown,hostunknown); empty: all")
	fs.IntVar(&o.concurrency, "webhook-concurrency", webhook.DefaultConcurrency, "webhook requests in flight at most")
	fs.DurationVar(&o.maxAge, "webhook-max-age", webhook.DefaultMaxAge, "retry an event this long, then move it to the dead letters")
	fs.DurationVar(&o.timeout, "webhook-timeout", webhook.DefaultTimeout, "time limit of one webhook request")
	fs.IntVar(&o.spoolMaxEvents, "spool-max-events", spool.DefaultMaxEntries, "events the spool holds at most; beyond, new events are dropped and counted")
	fs.Int64Var(&o.spoolMaxBytes, "spool-max-bytes", spool.DefaultMaxBytes, "bytes the spool holds at most; beyond, new events are dropped and counted")
	return o
}

// start opens the spool and starts the webhook sender. With no
// --webhook-url it returns a nil submit and a stop that does nothing.
// submit spools one bounce durably (see webhook.Sender.Submit); a non-nil
// error means the event was dropped and the mail should flow on. stop
// waits for the requests in flight until its context is done. start may
// be called again (SIGHUP) before the previous stop: the new sender is the
// successor of the one before on the same spool (webhook.Sender.Successor),
// so that nothing the old one has in flight is posted twice.
func (o *webhookOptions) start(ctx context.Context, log *slog.Logger, reg prometheus.Registerer) (
	submit func(ctx context.Context, msg webhook.Message, kind string, facts []classify.Record) error,
	stop func(context.Context) error, err error) {
	noop := func(context.Context) error { return nil }
	if o.url == "" {
		return nil, noop, nil
	}
	if log == nil {
		log = slog.Default()
	}
	cfg, err := o.config(log, reg)
	if err != nil {
		return nil, nil, err
	}
	sh, release, err := acquireSpool(o.spoolDir, spool.Options{MaxEntries: o.spoolMaxEvents, MaxBytes: o.spoolMaxBytes})
	if err != nil {
		return nil, nil, fmt.Errorf("webhook: %w", err)
	}
	s, err := sh.next(cfg)
	if err != nil {
		release()
		return nil, nil, err
	}
	s.Start(ctx)
	var once sync.Once
	stop = func(ctx context.Context) error {
		var err error
		once.Do(func() { err = errors.Join(s.Stop(ctx), release()) })
		return err
	}
	return s.Submit, stop, nil
}

// config turns the flags into a webhook.Config.
func (o *webhookOptions) config(log *slog.Logger, reg prometheus.Registerer) (webhook.Config, error) {
	format, err := webhook.ParseFormat(o.format)
	if err != nil {
		return webhook.Config{}, err
	}
	cfg := webhook.Config{
		URL: o.url, Format: format, Concurrency: o.concurrency, MaxAge: o.maxAge, Timeout: o.timeout,
		Kinds: splitComma(o.kinds), Logger: log, Registerer: reg,
		UserAgent: "bounce-milter/" + version,
	}
	for _, r := range splitComma(o.reasons) {
		reason, ok := classify.ParseReason(strings.ToLower(r))
		if !ok {
			return webhook.Config{}, fmt.Errorf("webhook: --webhook-reasons: unknown reason %q", r)
		}
		cfg.Reasons = append(cfg.Reasons, reason)
	}
	secret, err := o.secret()
	if err != nil {
		return webhook.Config{}, err
	}
	switch format {
	case webhook.FormatListmonk:
		cfg.Credentials = strings.TrimSpace(secret)
	default:
		if secret == "" {
			return webhook.Config{}, fmt.Errorf("webhook: --webhook-url needs a secret: --webhook-secret-file or $%s", webhookSecretEnv)
		}
		if cfg.Signer, err = webhook.ParseSecrets(secret); err != nil {
			return webhook.Config{}, err
		}
	}
	return cfg, nil
}

// secret reads --webhook-secret-file, or else the environment.
func (o *webhookOptions) secret() (string, error) {
	if o.secretFile == "" {
		return os.Getenv(webhookSecretEnv), nil
	}
	f, err := os.Open(o.secretFile)
	if err != nil {
		return "", fmt.Errorf("webhook: secret: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", fmt.Errorf("webhook: secret: %w", err)
	}
	return string(b), nil
}

func splitComma(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// openSpools are the spools this process holds, by absolute directory, so
// that a sender started again on SIGHUP shares the spool (and its lock)
// with the one it replaces.
var openSpools = struct {
	sync.Mutex
	m map[string]*sharedSpool
}{m: map[string]*sharedSpool{}}

type sharedSpool struct {
	sp     *spool.Spool
	refs   int
	latest *webhook.Sender // the last sender started on it
}

// next returns a sender for the spool: the successor of the latest one,
// or a new one for a spool just opened.
func (sh *sharedSpool) next(cfg webhook.Config) (*webhook.Sender, error) {
	openSpools.Lock()
	defer openSpools.Unlock()
	var s *webhook.Sender
	var err error
	if sh.latest != nil {
		s, err = sh.latest.Successor(cfg)
	} else {
		s, err = webhook.New(sh.sp, cfg)
	}
	if err != nil {
		return nil, err
	}
	sh.latest = s
	return s, nil
}

// acquireSpool opens the spool in dir, or shares the one already open; the
// returned release closes it with its last user.
func acquireSpool(dir string, opts spool.Options) (*sharedSpool, func() error, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("spool dir: %w", err)
	}
	openSpools.Lock()
	defer openSpools.Unlock()
	sh, ok := openSpools.m[abs]
	if !ok {
		sp, err := spool.Open(abs, opts)
		if err != nil {
			return nil, nil, err
		}
		sh = &sharedSpool{sp: sp}
		openSpools.m[abs] = sh
	}
	sh.refs++
	var once sync.Once
	release := func() error {
		var err error
		once.Do(func() {
			openSpools.Lock()
			defer openSpools.Unlock()
			sh.refs--
			if sh.refs == 0 {
				delete(openSpools.m, abs)
				err = sh.sp.Close()
			}
		})
		return err
	}
	return sh, release, nil
}
