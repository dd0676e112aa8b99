//go:build !front

package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/webhook"
)

// webhookSecretEnv holds the webhook secret when --webhook-secret-file is
// not given.
const webhookSecretEnv = "BOUNCE_MILTER_WEBHOOK_SECRET"

// webhookOptions are the webhook flags of serve (docs/webhook.md).
type webhookOptions struct {
	url         string
	secretFile  string
	format      string
	kinds       string
	reasons     string
	concurrency int
	maxAge      time.Duration
	timeout     time.Duration
}

// addWebhookFlags registers the webhook flags on fs and returns the options
// they fill.
func addWebhookFlags(fs *flag.FlagSet) *webhookOptions {
	o := &webhookOptions{}
	fs.StringVar(&o.url, "webhook-url", "", "post each classified bounce to this http(s) `URL`; none: no webhook")
	fs.StringVar(&o.secretFile, "webhook-secret-file", "",
		"`FILE` holding the signing secret (whsec_ and base64; several for a rotation), which also signs the NATS and Kafka messages; or for --webhook-format listmonk api_user:access_token; default $"+webhookSecretEnv)
	fs.StringVar(&o.format, "webhook-format", "standard", "request format: standard (signed Standard Webhooks JSON) or listmonk (POST /webhooks/bounce per recipient)")
	fs.StringVar(&o.kinds, "webhook-kinds", "", "comma-separated bounce `kinds` to post (e.g. hard,feedback); empty: all")
	fs.StringVar(&o.reasons, "webhook-reasons", "", "comma-separated `reasons` whose facts are posted (e.g. userunknown,hostunknown); empty: all")
	fs.IntVar(&o.concurrency, "webhook-concurrency", webhook.DefaultConcurrency, "webhook requests in flight at most")
	fs.DurationVar(&o.maxAge, "webhook-max-age", webhook.DefaultMaxAge, "retry an event this long, then move it to the dead letters")
	fs.DurationVar(&o.timeout, "webhook-timeout", webhook.DefaultTimeout, "time limit of one webhook request")
	return o
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

// streamSigner returns the signer of the stream sinks' messages: the
// webhook's signing secret when one is given (and is one: listmonk
// credentials are not), else nil.
func (o *webhookOptions) streamSigner() (*webhook.Signer, error) {
	if f, _ := webhook.ParseFormat(o.format); f == webhook.FormatListmonk {
		return nil, nil
	}
	secret, err := o.secret()
	if err != nil || strings.TrimSpace(secret) == "" {
		return nil, err
	}
	return webhook.ParseSecrets(secret)
}

// secret reads --webhook-secret-file, or else the environment.
func (o *webhookOptions) secret() (string, error) {
	if o.secretFile == "" {
		return os.Getenv(webhookSecretEnv), nil
	}
	return readSecretFile("webhook", o.secretFile)
}

// readSecretFile reads a small file holding a secret.
func readSecretFile(what, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: secret: %w", what, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", fmt.Errorf("%s: secret: %w", what, err)
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
