//go:build !front

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/sink/kafkasink"
	"github.com/bounce-milter/bounce-milter/sink/natssink"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// sinkStopTimeout bounds how long a stopping sink waits for its attempts
// in flight; events not yet delivered stay in the spool.
const sinkStopTimeout = 10 * time.Second

// kafkaPasswordEnv holds the Kafka SASL password when
// --kafka-password-file is not given.
const kafkaPasswordEnv = "BOUNCE_MILTER_KAFKA_PASSWORD"

// defaultSpoolDir is where serve spools events and where the spool
// command looks.
const defaultSpoolDir = "/var/lib/bounce-milter"

// The sinks plug into serve as one extension: their flags join serve's,
// and when any sink is set every classified bounce is spooled for each
// from the milter's OnBounce hook, before the milter answers the MTA.
func init() {
	var opts *sinkOptions
	serveExtensions = append(serveExtensions, serveExtension{
		Name:  "sinks",
		Flags: func(fl *flag.FlagSet) { opts = addSinkFlags(fl) },
		Setup: func(ctx context.Context, cfg *milter.Config, reg prometheus.Registerer, log *slog.Logger) (func(), error) {
			if opts.webhook.secretFile != "" && opts.webhook.url == "" && opts.nats.url == "" && opts.kafka.brokers == "" {
				return nil, errors.New("webhook: --webhook-secret-file without --webhook-url, --nats-url or --kafka-brokers: give a sink, or no secret file")
			}
			submit, stop, err := opts.start(ctx, log, reg)
			if err != nil {
				return nil, err
			}
			if submit != nil {
				cfg.OnBounce = func(ctx context.Context, b milter.Bounce) error {
					msg := event.Message{QueueID: b.QueueID, MessageID: b.MessageID, Subject: b.Subject, From: b.From, Size: b.Size}
					return submit(ctx, msg, b.Kind, b.Records)
				}
			}
			return func() {
				sctx, cancel := context.WithTimeout(context.Background(), sinkStopTimeout)
				defer cancel()
				if err := stop(sctx); err != nil {
					log.Warn("sinks: stop", "err", err)
				}
			}, nil
		},
	})
}

// natsOptions are the NATS JetStream flags of serve (docs/sinks.md).
type natsOptions struct {
	url, subject, credsFile, nkeyFile string
	tls                               sink.TLSFiles
	timeout, maxAge                   time.Duration
}

// kafkaOptions are the Kafka flags of serve (docs/sinks.md).
type kafkaOptions struct {
	brokers, topic, sasl, user, passwordFile string
	tls                                      bool
	tlsFiles                                 sink.TLSFiles
	timeout, maxAge                          time.Duration
}

// sinkOptions are every sink's flags and the spool's.
type sinkOptions struct {
	webhook        *webhookOptions
	nats           natsOptions
	kafka          kafkaOptions
	spoolDir       string
	spoolMaxEvents int
	spoolMaxBytes  int64
	minBackoff     time.Duration
	maxBackoff     time.Duration
}

// addSinkFlags registers the flags of the sinks and the spool on fs.
func addSinkFlags(fs *flag.FlagSet) *sinkOptions {
	o := &sinkOptions{webhook: addWebhookFlags(fs)}
	fs.StringVar(&o.spoolDir, "spool-dir", defaultSpoolDir, "`DIR` of the durable event queues (one per sink) and dead letters; one per instance")
	fs.IntVar(&o.spoolMaxEvents, "spool-max-events", spool.DefaultMaxEntries, "events each sink's queue holds at most; beyond, new events are dropped for that sink and counted")
	fs.Int64Var(&o.spoolMaxBytes, "spool-max-bytes", spool.DefaultMaxBytes, "bytes each sink's queue holds at most; beyond, new events are dropped for that sink and counted")

	fs.DurationVar(&o.minBackoff, "sink-min-backoff", sink.DefaultMinBackoff, "every sink: the delay before the first retry (doubled at each, with jitter)")
	fs.DurationVar(&o.maxBackoff, "sink-max-backoff", sink.DefaultMaxBackoff, "every sink: the longest delay between retries (a webhook's Retry-After aside)")

	n := &o.nats
	fs.StringVar(&n.url, "nats-url", "", "publish each classified bounce to NATS JetStream at these comma-separated `URLs` (nats:// or tls://); none: no NATS")
	fs.StringVar(&n.subject, "nats-subject", natssink.DefaultSubject, "subject `template`: {kind} is the kind (hard_bounce, ...), {domain} the first recipient's domain")
	fs.StringVar(&n.credsFile, "nats-creds-file", "", "NATS user credentials `FILE` (JWT and NKey seed)")
	fs.StringVar(&n.nkeyFile, "nats-nkey-file", "", "NATS NKey seed `FILE`")
	fs.StringVar(&n.tls.CAFile, "nats-tls-ca-file", "", "PEM `FILE` of the CAs that sign the NATS servers' certificates (default: the system's)")
	fs.StringVar(&n.tls.CertFile, "nats-tls-cert-file", "", "PEM client certificate `FILE` for mutual TLS to NATS")
	fs.StringVar(&n.tls.KeyFile, "nats-tls-key-file", "", "PEM private key `FILE` of --nats-tls-cert-file")
	fs.DurationVar(&n.timeout, "nats-timeout", natssink.DefaultTimeout, "wait for one PubAck at most this long")
	fs.DurationVar(&n.maxAge, "nats-max-age", sink.DefaultMaxAge, "retry an event this long, then move it to the NATS dead letters")

	k := &o.kafka
	fs.StringVar(&k.brokers, "kafka-brokers", "", "produce each classified bounce to Kafka through these comma-separated seed `brokers` (host:port); none: no Kafka")
	fs.StringVar(&k.topic, "kafka-topic", kafkasink.DefaultTopic, "Kafka `topic`")
	fs.StringVar(&k.sasl, "kafka-sasl", "", "SASL `mechanism`: plain, scram-sha-256 or scram-sha-512; empty: none")
	fs.StringVar(&k.user, "kafka-user", "", "SASL user `name`")
	fs.StringVar(&k.passwordFile, "kafka-password-file", "", "`FILE` holding the SASL password; default $"+kafkaPasswordEnv)
	fs.BoolVar(&k.tls, "kafka-tls", false, "TLS to the brokers (implied by the other --kafka-tls-* flags)")
	fs.StringVar(&k.tlsFiles.CAFile, "kafka-tls-ca-file", "", "PEM `FILE` of the CAs that sign the brokers' certificates (default: the system's)")
	fs.StringVar(&k.tlsFiles.CertFile, "kafka-tls-cert-file", "", "PEM client certificate `FILE` for mutual TLS to Kafka")
	fs.StringVar(&k.tlsFiles.KeyFile, "kafka-tls-key-file", "", "PEM private key `FILE` of --kafka-tls-cert-file")
	fs.DurationVar(&k.timeout, "kafka-timeout", kafkasink.DefaultTimeout, "a record's delivery timeout (acks=all)")
	fs.DurationVar(&k.maxAge, "kafka-max-age", sink.DefaultMaxAge, "retry an event this long, then move it to the Kafka dead letters")
	return o
}

// built is one sink ready to drain.
type built struct {
	cfg   sink.Config
	close func() error
}

// sinks builds the configured sinks, in the order webhook, nats, kafka.
func (o *sinkOptions) sinks(log *slog.Logger, reg prometheus.Registerer) ([]built, error) {
	var out []built
	closeAll := func() {
		for _, b := range out {
			b.close()
		}
	}
	if o.webhook.url != "" {
		cfg, err := o.webhook.config(log, reg)
		if err != nil {
			return nil, err
		}
		cfg.MinBackoff, cfg.MaxBackoff = o.minBackoff, o.maxBackoff
		sc, err := webhook.NewSink(cfg)
		if err != nil {
			return nil, err
		}
		out = append(out, built{sc, sc.Publisher.Close})
	}
	var signer sink.Signer
	if o.nats.url != "" || o.kafka.brokers != "" {
		s, err := o.webhook.streamSigner()
		if err != nil {
			return nil, err
		}
		if s != nil {
			signer = s
		}
	}
	if n := o.nats; n.url != "" {
		p, secrets, err := natssink.New(natssink.Config{URL: n.url, Subject: n.subject, CredsFile: n.credsFile,
			NKeyFile: n.nkeyFile, TLS: n.tls, Timeout: n.timeout, Signer: signer, Logger: log})
		if err != nil {
			closeAll()
			return nil, err
		}
		out = append(out, o.stream(natssink.Name, p, p.Describe(), secrets, n.maxAge, 2*n.timeout+time.Second, log, reg))
	}
	if k := o.kafka; k.brokers != "" {
		password := ""
		if k.sasl != "" {
			var err error
			if password, err = o.kafkaPassword(); err != nil {
				closeAll()
				return nil, err
			}
		}
		p, secrets, err := kafkasink.New(kafkasink.Config{Brokers: splitComma(k.brokers), Topic: k.topic,
			SASL: k.sasl, User: k.user, Password: password, TLS: k.tls, TLSFiles: k.tlsFiles,
			Timeout: k.timeout, Signer: signer, Logger: log})
		if err != nil {
			closeAll()
			return nil, err
		}
		out = append(out, o.stream(kafkasink.Name, p, p.Describe(), secrets, k.maxAge, k.timeout+time.Second, log, reg))
	}
	return out, nil
}

// stream is the configuration of an ordered stream sink.
func (o *sinkOptions) stream(name string, p sink.Publisher, describe []any, secrets sink.Secrets, maxAge, stallAfter time.Duration,
	log *slog.Logger, reg prometheus.Registerer) built {
	return built{sink.Config{Name: name, Publisher: p, Ordered: true, MaxAge: maxAge, StallAfter: stallAfter,
		MinBackoff: o.minBackoff, MaxBackoff: o.maxBackoff, Secrets: secrets, Describe: describe,
		Logger: log, Registerer: reg}, p.Close}
}

func (o *sinkOptions) kafkaPassword() (string, error) {
	if o.kafka.passwordFile == "" {
		return strings.TrimSpace(os.Getenv(kafkaPasswordEnv)), nil
	}
	s, err := readSecretFile("kafka", o.kafka.passwordFile)
	return strings.TrimSpace(s), err
}

// start opens the spool and starts every configured sink. With none it
// returns a nil submit and a stop that does nothing. submit spools one
// bounce durably for every sink (sink.Hub.Submit); a non-nil error means
// some sink lost the event and the mail should flow on. stop waits for the
// attempts in flight until its context is done. start may be called again
// (SIGHUP) before the previous stop: each new sink is the successor of the
// one of the same name on the same spool (sink.Drainer.Successor), so that
// nothing the old one has in flight is sent twice.
func (o *sinkOptions) start(ctx context.Context, log *slog.Logger, reg prometheus.Registerer) (
	submit func(ctx context.Context, msg event.Message, kind event.Kind, facts []classify.Record) error,
	stop func(context.Context) error, err error) {
	noop := func(context.Context) error { return nil }
	if log == nil {
		log = slog.Default()
	}
	bs, err := o.sinks(log, reg)
	if err != nil || len(bs) == 0 {
		return nil, noop, err
	}
	closeAll := func() error {
		var errs []error
		for _, b := range bs {
			errs = append(errs, b.close())
		}
		return errors.Join(errs...)
	}
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.cfg.Name
	}
	sh, release, err := acquireSpool(o.spoolDir, spool.Options{Queues: names, MaxEntries: o.spoolMaxEvents, MaxBytes: o.spoolMaxBytes}, log)
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("sinks: %w", err)
	}
	ds, err := sh.next(bs)
	if err != nil {
		release()
		closeAll()
		return nil, nil, err
	}
	hub, err := sink.NewHub(sh.sp, log, ds...)
	if err != nil {
		release()
		closeAll()
		return nil, nil, err
	}
	for _, d := range ds {
		d.Start(ctx)
	}
	var once sync.Once
	stop = func(ctx context.Context) error {
		var err error
		once.Do(func() {
			errs := make([]error, len(ds))
			var wg sync.WaitGroup
			for i, d := range ds {
				wg.Go(func() { errs[i] = d.Stop(ctx) })
			}
			wg.Wait()
			err = errors.Join(errors.Join(errs...), closeAll(), release())
		})
		return err
	}
	return hub.Submit, stop, nil
}

// openSpools are the spools this process holds, by absolute directory, so
// that sinks started again on SIGHUP share the spool (and its lock) with
// the ones they replace.
var openSpools = struct {
	sync.Mutex
	m map[string]*sharedSpool
}{m: map[string]*sharedSpool{}}

type sharedSpool struct {
	sp     *spool.Spool
	queues []string
	refs   int
	latest map[string]*sink.Drainer // the last drainer started on each queue
}

// next returns a drainer for each sink: the successor of the latest one of
// its name, or a new one.
func (sh *sharedSpool) next(bs []built) ([]*sink.Drainer, error) {
	openSpools.Lock()
	defer openSpools.Unlock()
	var out []*sink.Drainer
	for _, b := range bs {
		var d *sink.Drainer
		var err error
		if prev := sh.latest[b.cfg.Name]; prev != nil {
			d, err = prev.Successor(b.cfg)
		} else {
			d, err = sink.NewDrainer(sh.sp.Queue(b.cfg.Name), b.cfg)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	for _, d := range out {
		sh.latest[d.Name()] = d
	}
	return out, nil
}

// acquireSpool opens the spool in dir, or shares the one already open
// (which must have the same queues: the set of sinks changes only on
// restart); the returned release closes it with its last user.
func acquireSpool(dir string, opts spool.Options, log *slog.Logger) (*sharedSpool, func() error, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("spool dir: %w", err)
	}
	openSpools.Lock()
	defer openSpools.Unlock()
	sh, ok := openSpools.m[abs]
	if ok && !slices.Equal(sh.queues, opts.Queues) {
		return nil, nil, fmt.Errorf("the sinks (%s) change only on restart; running: %s",
			strings.Join(opts.Queues, ","), strings.Join(sh.queues, ","))
	}
	if !ok {
		sp, err := spool.Open(abs, opts)
		if err != nil {
			return nil, nil, err
		}
		sh = &sharedSpool{sp: sp, queues: opts.Queues, latest: map[string]*sink.Drainer{}}
		openSpools.m[abs] = sh
		if left, err := sp.Unconfigured(); err == nil {
			for name, n := range left {
				log.Warn("sinks: the spool holds events for a sink not configured; nobody delivers them (configure the sink again, or: bounce-milter spool --sink NAME drop --all)",
					"sink", name, "events", n, "spool", abs)
			}
		}
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
