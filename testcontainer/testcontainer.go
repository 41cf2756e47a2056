// Package testcontainer runs idemu's container image for a test with
// testcontainers-go: Run starts the image, waits until every provider answers its
// health check, and returns the base URL of each provider with the same helpers as the
// in-process idemutest.StartT (admin API, ready clients).
//
// On machines that cannot pull images (such as idemu's CI), set
// TESTCONTAINERS_RYUK_DISABLED=true, since the reaper is an image of its own, and
// TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1, so that tests talk to the container through
// loopback only. Ports are published on 127.0.0.1.
package testcontainer

import (
	"context"
	"fmt"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/idemu/idemu/client/idemu"
)

// DefaultImage is what `make image` builds.
const DefaultImage = "idemu:dev"

// ports of the providers inside the container (idemu's documented defaults).
var ports = map[string]int{"logto": 4701, "akamai": 4702, "appid": 4703, "onegini": 4704, "identityv1": 4705}

// Container is a running idemu container.
type Container struct {
	idemu.Instance
	Container testcontainers.Container
}

type options struct {
	image     string
	providers []string
	fixtures  []string
	timeout   time.Duration
}

// Option configures Run.
type Option func(*options)

// WithImage runs another image (default idemu:dev).
func WithImage(ref string) Option { return func(o *options) { o.image = ref } }

// WithProviders starts only these providers (default: all five).
func WithProviders(names ...string) Option { return func(o *options) { o.providers = names } }

// WithFixtureFile copies a fixture file into the container and loads it at start.
func WithFixtureFile(path string) Option {
	return func(o *options) { o.fixtures = append(o.fixtures, path) }
}

// WithStartupTimeout bounds the wait for health (default 60 s).
func WithStartupTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// Run starts idemu and waits until each provider is healthy.
func Run(ctx context.Context, opts ...Option) (*Container, error) {
	o := options{image: DefaultImage, providers: []string{"logto", "akamai", "appid", "onegini", "identityv1"}, timeout: time.Minute}
	for _, fn := range opts {
		fn(&o)
	}
	req := testcontainers.ContainerRequest{
		Image:              o.image,
		Cmd:                []string{"serve", "--providers", strings.Join(o.providers, ",")},
		HostConfigModifier: loopbackOnly,
	}
	var waits []wait.Strategy
	for _, p := range o.providers {
		port, ok := ports[p]
		if !ok {
			return nil, fmt.Errorf("testcontainer: unknown provider %q", p)
		}
		spec := strconv.Itoa(port) + "/tcp"
		req.ExposedPorts = append(req.ExposedPorts, spec)
		waits = append(waits, wait.ForHTTP("/_emulator/health").WithPort(spec).WithStartupTimeout(o.timeout))
	}
	var files []string
	for i, f := range o.fixtures {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		target := fmt.Sprintf("/data/fixture-%d%s", i, filepath.Ext(f))
		req.Files = append(req.Files, testcontainers.ContainerFile{HostFilePath: abs, ContainerFilePath: target, FileMode: 0o644})
		files = append(files, target)
	}
	if len(files) > 0 {
		req.Cmd = append(req.Cmd, "--fixtures", strings.Join(files, ","))
	}
	req.WaitingFor = wait.ForAll(waits...).WithDeadline(o.timeout)

	c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{ContainerRequest: req, Started: true})
	if err != nil {
		if c != nil {
			_ = c.Terminate(context.Background())
		}
		return nil, fmt.Errorf("testcontainer: starting %s: %w", o.image, err)
	}
	host, err := c.Host(ctx)
	if err != nil {
		_ = c.Terminate(context.Background())
		return nil, err
	}
	urls := map[string]string{}
	for _, p := range o.providers {
		mapped, err := c.MappedPort(ctx, strconv.Itoa(ports[p])+"/tcp")
		if err != nil {
			_ = c.Terminate(context.Background())
			return nil, err
		}
		urls[p] = "http://" + host + ":" + mapped.Port()
	}
	return &Container{Instance: idemu.Instance{URLs: urls}, Container: c}, nil
}

// loopbackOnly publishes every exposed port on 127.0.0.1 only.
func loopbackOnly(hc *container.HostConfig) {
	lo := netip.MustParseAddr("127.0.0.1")
	if hc.PortBindings == nil {
		hc.PortBindings = network.PortMap{}
	}
	for _, port := range ports {
		p, err := network.ParsePort(strconv.Itoa(port) + "/tcp")
		if err == nil {
			hc.PortBindings[p] = []network.PortBinding{{HostIP: lo, HostPort: "0"}}
		}
	}
}

// Terminate stops and removes the container.
func (c *Container) Terminate(ctx context.Context) error { return c.Container.Terminate(ctx) }
