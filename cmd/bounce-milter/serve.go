package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bounce-milter/bounce-milter/milter"
)

func init() {
	extraCommands["serve"] = runServe
}

// serveExtension lets another file of this package plug into serve without
// editing it (the webhook does): Flags adds its flags, which the config
// file can set too; Setup runs once the flags are parsed, before the milter
// starts, and may set cfg.OnBounce and register metrics on reg. The
// returned stop function, if any, runs after the milter has shut down.
// Setup runs again on SIGHUP with the reloaded flags and the same registry:
// it must register its collectors only once (or reuse the one in a
// prometheus.AlreadyRegisteredError), and its previous stop function runs
// after the new Setup succeeded.
type serveExtension struct {
	Name  string
	Flags func(fl *flag.FlagSet)
	Setup func(ctx context.Context, cfg *milter.Config, reg prometheus.Registerer, log *slog.Logger) (stop func(), err error)
}

// serveExtensions are the registered extensions, in registration order.
var serveExtensions []serveExtension

// serveOptions are serve's flags.
type serveOptions struct {
	listen          string
	configFile      string
	socketMode      string
	socketGroup     string
	maxBody         string
	timeout         time.Duration
	headerPrefix    string
	trust           bool
	maxConcurrent   int
	maxConnections  int
	idleTimeout     time.Duration
	logLevel        string
	logFormat       string
	logFile         string
	metricsListen   string
	shutdownTimeout time.Duration
}

// newServeFlags returns serve's flag set, bound to o, with the
// extensions' flags.
func newServeFlags(o *serveOptions, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&o.listen, "listen", milter.DefaultListen, "milter socket: unix:/path, inet:PORT@HOST or inet:HOST:PORT")
	fl.StringVar(&o.configFile, "config", os.Getenv("BOUNCE_MILTER_CONFIG"), "config `FILE` of name = value lines with the flags' names (flags win); default $BOUNCE_MILTER_CONFIG")
	fl.StringVar(&o.socketMode, "socket-mode", "0660", "permissions of a unix socket, octal")
	fl.StringVar(&o.socketGroup, "socket-group", "", "group of a unix socket, name or number (e.g. postfix)")
	fl.StringVar(&o.maxBody, "max-body", "10MiB", "bytes of a candidate's body read and classified (suffixes KiB, MiB)")
	fl.DurationVar(&o.timeout, "timeout", milter.DefaultTimeout, "bound on the work on one message; past it the message is accepted unchanged")
	fl.StringVar(&o.headerPrefix, "header-prefix", milter.DefaultHeaderPrefix, "prefix of the headers the milter adds and removes")
	fl.BoolVar(&o.trust, "trust-bounce-headers", false, "keep incoming headers with the prefix (only behind a trusted relay that stamps them)")
	fl.IntVar(&o.maxConcurrent, "max-concurrent", 0, "messages classified at once (0: 4 × CPUs); more fail open after --timeout")
	fl.IntVar(&o.maxConnections, "max-connections", milter.DefaultMaxConnections,
		"MTA connections served at once (lowered to the open-file limit less 64); at the limit a new one closes the longest idle")
	fl.DurationVar(&o.idleTimeout, "idle-timeout", milter.DefaultIdleTimeout, "close an MTA connection that sends nothing for this long after negotiating")
	fl.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fl.StringVar(&o.logFormat, "log-format", "text", "log format: text or json (log/slog)")
	fl.StringVar(&o.logFile, "log-file", "", "log file, reopened on SIGHUP (default standard error)")
	fl.StringVar(&o.metricsListen, "metrics-listen", "", "HOST:PORT for /metrics and /healthz (default off; a taken port is a warning)")
	fl.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGTERM or SIGINT, how long to let messages in flight finish")
	for _, e := range serveExtensions {
		if e.Flags != nil {
			e.Flags(fl)
		}
	}
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: bounce-milter serve [flags]")
		fmt.Fprintln(stderr, "Serve the milter protocol to Postfix or Sendmail: classify bounces and stamp X-Bounce-* headers.")
		fl.PrintDefaults()
	}
	return fl
}

// parseServeArgs parses the command line, then the config file for the
// flags the command line did not set.
func parseServeArgs(args []string, stderr io.Writer) (*serveOptions, *flag.FlagSet, error) {
	o := &serveOptions{}
	fl := newServeFlags(o, stderr)
	if err := fl.Parse(args); err != nil {
		return nil, nil, err
	}
	if fl.NArg() > 0 {
		return nil, nil, fmt.Errorf("serve: unexpected argument %q", fl.Arg(0))
	}
	if o.configFile == "" {
		return o, fl, nil
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	values, err := readConfigFile(o.configFile)
	if err != nil {
		return nil, nil, err
	}
	for _, kv := range values {
		if kv.name == "config" {
			return nil, nil, fmt.Errorf("serve: %s:%d: config cannot name another config file", o.configFile, kv.line)
		}
		if fl.Lookup(kv.name) == nil {
			return nil, nil, fmt.Errorf("serve: %s:%d: unknown setting %q", o.configFile, kv.line, kv.name)
		}
		if set[kv.name] {
			continue
		}
		if err := fl.Set(kv.name, kv.value); err != nil {
			return nil, nil, fmt.Errorf("serve: %s:%d: %s: %w", o.configFile, kv.line, kv.name, err)
		}
	}
	return o, fl, nil
}

// setting is one line of a config file.
type setting struct {
	name, value string
	line        int
}

// readConfigFile reads "name = value" (or "name value") lines; blank lines
// and lines starting with # are skipped, and a value may be quoted.
func readConfigFile(path string) ([]setting, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("serve: config: %w", err)
	}
	defer f.Close()
	var out []setting
	sc := bufio.NewScanner(io.LimitReader(f, 1<<20))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			name, value, ok = strings.Cut(line, " ")
		}
		name = strings.TrimPrefix(strings.TrimSpace(name), "--")
		value = strings.TrimSpace(value)
		if !ok {
			value = "true" // a bare boolean name
		}
		if uq, err := strconv.Unquote(value); err == nil && strings.HasPrefix(value, `"`) {
			value = uq
		}
		out = append(out, setting{name: name, value: value, line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("serve: config %s: %w", path, err)
	}
	return out, nil
}

// parseSize reads a byte count with an optional KiB/MiB/GiB (or K/M/G) suffix.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// reopenWriter is the log destination: a file reopened on SIGHUP (for
// logrotate), or standard error.
type reopenWriter struct {
	mu   sync.Mutex
	path string
	f    *os.File
	std  io.Writer
}

func (w *reopenWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return w.std.Write(p)
	}
	return w.f.Write(p)
}

// reopen (re)opens path, or switches to standard error for "".
func (w *reopenWriter) reopen(path string) error {
	var f *os.File
	if path != "" {
		var err error
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
		if err != nil {
			return fmt.Errorf("serve: log file: %w", err)
		}
	}
	w.mu.Lock()
	old := w.f
	w.f, w.path = f, path
	w.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// newLogger builds the slog logger the options ask for.
func newLogger(o *serveOptions, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return nil, fmt.Errorf("serve: log level %q: want debug, info, warn or error", o.logLevel)
	}
	hopts := &slog.HandlerOptions{Level: level}
	switch o.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, hopts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, hopts)), nil
	}
	return nil, fmt.Errorf("serve: log format %q: want text or json", o.logFormat)
}

// milterConfig turns the options into the milter's configuration.
func milterConfig(o *serveOptions, log *slog.Logger) (milter.Config, error) {
	maxBody, err := parseSize(o.maxBody)
	if err != nil {
		return milter.Config{}, fmt.Errorf("serve: max-body: %w", err)
	}
	return milter.Config{
		HeaderPrefix:       o.headerPrefix,
		MaxBody:            maxBody,
		Timeout:            o.timeout,
		TrustBounceHeaders: o.trust,
		MaxConcurrent:      o.maxConcurrent,
		MaxConnections:     o.maxConnections,
		IdleTimeout:        o.idleTimeout,
		Logger:             log,
	}, nil
}

// setupExtensions runs every extension's Setup and returns their stops.
func setupExtensions(ctx context.Context, cfg *milter.Config, reg prometheus.Registerer, log *slog.Logger) ([]func(), error) {
	var stops []func()
	for _, e := range serveExtensions {
		if e.Setup == nil {
			continue
		}
		stop, err := e.Setup(ctx, cfg, reg, log)
		if err != nil {
			runStops(stops)
			return nil, fmt.Errorf("serve: %s: %w", e.Name, err)
		}
		if stop != nil {
			stops = append(stops, stop)
		}
	}
	return stops, nil
}

func runStops(stops []func()) {
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
}

// runServe is the serve command.
func runServe(args []string, _ io.Reader, _, stderr io.Writer) int {
	o, _, err := parseServeArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "bounce-milter:", err)
		return 2
	}
	if err := serve(args, o, stderr); err != nil {
		fmt.Fprintln(stderr, "bounce-milter:", err)
		return 1
	}
	return 0
}

// serve runs the milter until SIGTERM or SIGINT.
func serve(args []string, o *serveOptions, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	logw := &reopenWriter{std: stderr}
	if err := logw.reopen(o.logFile); err != nil {
		return err
	}
	log, err := newLogger(o, logw)
	if err != nil {
		return err
	}
	cfg, err := milterConfig(o, log)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	cfg.Registry = reg
	stops, err := setupExtensions(ctx, &cfg, reg, log)
	if err != nil {
		return err
	}
	defer func() { runStops(stops) }()
	f, err := milter.New(cfg)
	if err != nil {
		return err
	}
	mode, err := strconv.ParseUint(o.socketMode, 8, 32)
	if err != nil {
		return fmt.Errorf("serve: socket-mode %q: not octal", o.socketMode)
	}
	ln, err := milter.Listen(o.listen, milter.ListenOptions{Mode: fs.FileMode(mode), Group: o.socketGroup})
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- f.Serve(ln) }()

	var metricsSrv *http.Server
	if o.metricsListen != "" {
		metricsSrv = startMetrics(o.metricsListen, reg, log)
	}
	eff := f.Config()
	log.Info("bounce-milter serving", "version", version, "listen", o.listen, "addr", ln.Addr().String(),
		"metrics", o.metricsListen, "header_prefix", cfg.HeaderPrefix, "max_body", cfg.MaxBody, "timeout", cfg.Timeout,
		"max_connections", eff.MaxConnections, "idle_timeout", eff.IdleTimeout)

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	for {
		select {
		case err := <-served:
			if errors.Is(err, milter.ErrClosed) {
				return nil
			}
			return err
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				stops = reload(ctx, args, o, f, logw, &log, stops, stderr)
				continue
			}
			log.Info("shutting down", "signal", sig.String(), "bound", o.shutdownTimeout)
			sctx, scancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
			err := f.Shutdown(sctx)
			scancel()
			if err != nil {
				log.Warn("shutdown bound reached: closed the connections still open", "err", err)
				_ = f.Close()
			}
			if metricsSrv != nil {
				mctx, mcancel := context.WithTimeout(context.Background(), time.Second)
				_ = metricsSrv.Shutdown(mctx)
				mcancel()
			}
			<-served
			log.Info("stopped")
			return nil
		}
	}
}

// reload handles SIGHUP: reopen the log file, read the flags and the config
// file again and apply them. The listen address and the metrics address
// need a restart. On any error the old configuration stays.
func reload(ctx context.Context, args []string, old *serveOptions, f *milter.Filter, logw *reopenWriter,
	log **slog.Logger, stops []func(), stderr io.Writer,
) []func() {
	l := *log
	if err := logw.reopen(old.logFile); err != nil {
		l.Error("SIGHUP: reopen log file", "err", err)
	}
	o, _, err := parseServeArgs(args, stderr)
	if err != nil {
		l.Error("SIGHUP: config not reloaded", "err", err)
		return stops
	}
	if o.listen != old.listen || o.metricsListen != old.metricsListen || o.maxConnections != old.maxConnections ||
		o.idleTimeout != old.idleTimeout || o.maxConcurrent != old.maxConcurrent {
		l.Warn("SIGHUP: listen, metrics-listen, max-connections, idle-timeout and max-concurrent change only on restart",
			"listen", old.listen, "metrics_listen", old.metricsListen, "max_connections", old.maxConnections,
			"idle_timeout", old.idleTimeout, "max_concurrent", old.maxConcurrent)
		o.listen, o.metricsListen, o.maxConnections, o.idleTimeout, o.maxConcurrent =
			old.listen, old.metricsListen, old.maxConnections, old.idleTimeout, old.maxConcurrent
	}
	if o.logFile != old.logFile {
		if err := logw.reopen(o.logFile); err != nil {
			l.Error("SIGHUP: log file", "err", err)
			return stops
		}
	}
	nl, err := newLogger(o, logw)
	if err != nil {
		l.Error("SIGHUP: config not reloaded", "err", err)
		return stops
	}
	cfg, err := milterConfig(o, nl)
	if err != nil {
		l.Error("SIGHUP: config not reloaded", "err", err)
		return stops
	}
	newStops, err := setupExtensions(ctx, &cfg, f.Registry(), nl)
	if err != nil {
		l.Error("SIGHUP: config not reloaded", "err", err)
		return stops
	}
	if err := f.Reload(cfg); err != nil {
		runStops(newStops)
		l.Error("SIGHUP: config not reloaded", "err", err)
		return stops
	}
	runStops(stops)
	*old = *o
	*log = nl
	nl.Info("SIGHUP: log reopened and config reloaded", "header_prefix", o.headerPrefix, "max_body", cfg.MaxBody,
		"timeout", o.timeout, "trust_bounce_headers", o.trust, "log_level", o.logLevel)
	return newStops
}

// startMetrics serves /metrics and /healthz on addr. A taken port is
// logged as a warning: metrics never stop the milter from starting.
func startMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) *http.Server {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Warn("metrics not served: listen failed; the milter runs on", "metrics_listen", addr, "err", err)
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics serving", "addr", ln.Addr().String())
	return srv
}
