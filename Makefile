# Everyday commands. `go test ./...` and `go run ./cmd/idemu serve` need none of them.
IMAGE   ?= idemu:dev
VERSION ?= dev

.PHONY: build image test generate compose-test testcontainer-test

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o build/idemu ./cmd/idemu

# The image's root file system: the binary and the folders the non-root user writes.
image: build
	rm -rf build/rootfs && mkdir -p build/rootfs/data build/rootfs/reports
	cp build/idemu build/rootfs/idemu
	docker build -t $(IMAGE) .
	@docker image inspect $(IMAGE) --format 'image $(IMAGE): {{.Size}} bytes'

test:
	go test ./...

generate:
	go generate ./...

compose-test: image
	docker-compose up --exit-code-from conformance --abort-on-container-exit
	docker-compose down -v

testcontainer-test: image
	cd testcontainer && go test ./...
