//go:build !front

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

var serveCommand = &command{
	name:    "serve",
	summary: "serve the milter protocol to Postfix or Sendmail: classify bounces and stamp X-Bounce-* headers",
	text: `Every flag can also be set in the --config file, as a "name = value" line
with the flag's name; a flag on the command line wins. SIGHUP reopens the log
file and reloads the flags and the config file (--listen, --metrics-listen,
--max-connections, --idle-timeout and --max-concurrent change only on
restart); SIGTERM and SIGINT stop accepting connections and let the messages
in flight finish within --shutdown-timeout. Whatever goes wrong inside, a
message is accepted unchanged but for the removal of incoming X-Bounce-*
headers.`,
	define: func(fl *flag.FlagSet) func(*call) int {
		o := &serveOptions{}
		defineServeFlags(fl, o)
		return func(c *call) int {
			if len(c.args) > 0 {
				return c.usageError("unexpected argument %q: serve takes flags only", c.args[0])
			}
			if err := applyConfigFile(c.fl, o); err != nil {
				return c.usageError("%v", err)
			}
			if err := serve(c.raw, o, c.stderr); err != nil {
				return c.fail(err)
			}
			return exitOK
		}
	},
}

// serveExtension lets another file of this package plug into serve without
// editing it (the webhook does): Flags adds its flags, which the config
// file can set too; Setup runs once the flags are parsed, before the milter
// starts, and may set cfg.OnBounce and register metrics on reg. The
// returned stop function, if any, runs after the milter has shut down.
// Setup runs again on SIGHUP with the reloaded flags and the same registry:
// it must register its collectors only once (or reuse the one in a
// prometheus.AlreadyRegisteredError), and its previous stop function runs
// after the new Setup succeeded. Setup's error is printed as it is, after
// "bounce-milter serve: ", so it names the extension once ("webhook: ...").
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
	socketMode      uint32
	socketGroup     string
	maxBody         int64
	inlineMax       int64
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

// defineServeFlags adds serve's flags, bound to o, and the extensions'
// flags to fl.
func defineServeFlags(fl *flag.FlagSet, o *serveOptions) {
	o.listen, o.socketMode, o.maxBody = milter.DefaultListen, 0o660, milter.DefaultMaxBody
	o.inlineMax = milter.DefaultInlineMax
	fl.Var(addressValue{&o.listen}, "listen", "milter socket `ADDRESS`: unix:/PATH, inet:PORT@HOST or inet:HOST:PORT")
	fl.StringVar(&o.configFile, "config", "", "config `FILE` of name = value lines with the flags' names (flags win); default $"+configEnv)
	fl.Var(modeValue{&o.socketMode}, "socket-mode", "permission `BITS` of a unix socket, octal")
	fl.StringVar(&o.socketGroup, "socket-group", "", "`GROUP` of a unix socket, name or number (e.g. postfix)")
	fl.Var(sizeValue{&o.maxBody}, "max-body", "`BYTES` of a candidate's body read and classified (suffixes K, M, G, KiB, MiB, GiB)")
	fl.DurationVar(&o.timeout, "timeout", milter.DefaultTimeout, "bound on the work on one message; past it the message is accepted unchanged")
	fl.Var(inlineMaxValue{&o.inlineMax}, "inline-max",
		"`BYTES` up to which a message is classified in its connection's goroutine, its cost bounded far below --timeout (0: every message in a goroutine of its own, under --timeout)")
	fl.StringVar(&o.headerPrefix, "header-prefix", milter.DefaultHeaderPrefix, "`PREFIX` of the headers the milter adds and removes")
	fl.BoolVar(&o.trust, "trust-bounce-headers", false, "keep incoming headers with the prefix (only behind a trusted relay that stamps them)")
	fl.IntVar(&o.maxConcurrent, "max-concurrent", 0, "messages classified at once (0: 4 × CPUs); more fail open after --timeout")
	fl.IntVar(&o.maxConnections, "max-connections", milter.DefaultMaxConnections,
		"MTA connections served at once (lowered to the open-file limit less 64); at the limit a new one closes the longest idle")
	fl.DurationVar(&o.idleTimeout, "idle-timeout", milter.DefaultIdleTimeout, "close an MTA connection that sends nothing for this long after negotiating")
	choiceVar(fl, &o.logLevel, "log-level", []string{"info", "debug", "warn", "error"}, "log `LEVEL`: debug, info, warn or error")
	choiceVar(fl, &o.logFormat, "log-format", []string{"text", "json"}, "log `FORMAT`: text or json (log/slog)")
	fl.StringVar(&o.logFile, "log-file", "", "log `FILE`, reopened on SIGHUP (default standard error)")
	fl.StringVar(&o.metricsListen, "metrics-listen", "", "`HOST:PORT` for /metrics and /healthz (default off; a taken port is a warning)")
	fl.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGTERM or SIGINT, how long to let messages in flight finish")
	for _, e := range serveExtensions {
		if e.Flags != nil {
			e.Flags(fl)
		}
	}
}

// configEnv names the config file when --config is not given.
const configEnv = "BOUNCE_MILTER_CONFIG"

// addressValue is a flag that takes a milter socket address.
type addressValue struct{ p *string }

func (v addressValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v addressValue) Set(s string) error {
	if _, _, err := milter.ParseAddress(s); err != nil {
		var ae *milter.AddressError
		if errors.As(err, &ae) {
			return errors.New(ae.Problem)
		}
		return err
	}
	*v.p = s
	return nil
}

// parseServeArgs parses the command line, then the config file for the
// flags the command line did not set.
func parseServeArgs(args []string, _ io.Writer) (*serveOptions, *flag.FlagSet, error) {
	o := &serveOptions{}
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	defineServeFlags(fl, o)
	if err := fl.Parse(args); err != nil {
		return nil, nil, errors.New(flagError(fl, err))
	}
	if fl.NArg() > 0 {
		return nil, nil, fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	if err := applyConfigFile(fl, o); err != nil {
		return nil, nil, err
	}
	return o, fl, nil
}

// applyConfigFile sets, from the config file (--config, else
// $BOUNCE_MILTER_CONFIG), the flags fl's command line did not set.
func applyConfigFile(fl *flag.FlagSet, o *serveOptions) error {
	if o.configFile == "" {
		o.configFile = os.Getenv(configEnv)
	}
	if o.configFile == "" {
		return nil
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	values, err := readConfigFile(o.configFile)
	if err != nil {
		return err
	}
	for _, kv := range values {
		if kv.name == "config" {
			return fmt.Errorf("%s:%d: config cannot name another config file", o.configFile, kv.line)
		}
		if fl.Lookup(kv.name) == nil {
			return fmt.Errorf("%s:%d: unknown setting %q: want the name of a flag of serve", o.configFile, kv.line, kv.name)
		}
		if set[kv.name] {
			continue
		}
		if err := fl.Set(kv.name, kv.value); err != nil {
			return fmt.Errorf("%s:%d: %s %q: %w", o.configFile, kv.line, kv.name, kv.value, err)
		}
	}
	return nil
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
		return nil, fmt.Errorf("config: %w", err)
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
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return out, nil
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
			return fmt.Errorf("log file: %w", err)
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
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", o.logLevel)
	}
	hopts := &slog.HandlerOptions{Level: level}
	switch o.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, hopts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, hopts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", o.logFormat)
}

// milterConfig turns the options into the milter's configuration.
func milterConfig(o *serveOptions, log *slog.Logger) (milter.Config, error) {
	return milter.Config{
		HeaderPrefix:       o.headerPrefix,
		MaxBody:            o.maxBody,
		Timeout:            o.timeout,
		InlineMax:          o.inlineMax,
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
			return nil, err // an extension's errors name it ("webhook: ...")
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
	ln, err := milter.Listen(o.listen, milter.ListenOptions{Mode: fs.FileMode(o.socketMode), Group: o.socketGroup})
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
		"inline_max", eff.InlineMax, "max_connections", eff.MaxConnections, "idle_timeout", eff.IdleTimeout)

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
		"timeout", o.timeout, "inline_max", cfg.InlineMax, "trust_bounce_headers", o.trust, "log_level", o.logLevel)
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
