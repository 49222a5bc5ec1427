# teamwork — two commands do all the set-up: `make run` and `make test`.
SWIFT      ?= swift
APT_BUILD  := libncursesw5-dev libsqlite3-dev pkg-config libxlsxwriter-dev zlib1g-dev
APT_TEST   := $(APT_BUILD) tmux python3 python3-pip
# make bench compares the first frame with htop's (issue 17: at most 0,10 × htop).
APT_BENCH  := $(APT_TEST) htop
ARGS       ?=
# The Swift runtime and Foundation linked in statically: only the pages teamwork uses become
# resident (peak RSS about 24 MB instead of 30 MB with the shared libraries).
# Linked as a position-dependent executable without exported symbols: no 85.000 relocations
# and no 10.000-symbol table to walk at every start (half the time to main, 2 MiB less RSS).
# Every function in a section of its own, and those the dashboard runs at its start placed side by
# side (scripts/startup-order.txt, made by `make startup-order`): a few hundred pages of code instead
# of pages all over the binary – fewer page faults at every start, peak RSS about 17 MB instead of 21.
RELEASE    := -c release --static-swift-stdlib -Xlinker -no-pie -Xlinker --no-export-dynamic \
              -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections \
              -Xlinker --section-ordering-file=$(CURDIR)/scripts/startup-order.txt

.PHONY: run build test deps deps-test deps-bench swift-check bench fuzz clean install themes startup-order

run: build
	./.build/release/teamwork $(ARGS)

build: deps
	$(SWIFT) build $(RELEASE) --product teamwork

test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test
	./.ci/excel-check .build/debug/teamwork
	python3 Tests/interchange_check.py .build/debug/teamwork

bench: deps-bench
	$(SWIFT) build $(RELEASE) --product teamwork
	$(SWIFT) build $(RELEASE) --product teamwork-bench
	./.build/release/teamwork-bench

# Installs the release binary as $(DESTDIR)$(PREFIX)/bin/teamwork (the themes are built in).
PREFIX     ?= /usr/local
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 ./.build/release/teamwork "$(DESTDIR)$(PREFIX)/bin/teamwork"

# Regenerates Sources/TeamworkUI/ShippedThemes.swift after a change in Themes/*.toml.
themes:
	./scripts/embed-themes.sh

# Regenerates scripts/startup-order.txt from a run of the dashboard under valgrind (callgrind).
startup-order: build
	./scripts/startup-order.sh

# libFuzzer targets (Fuzz/run.sh): FUZZ_SECONDS=30 per target; needs `swift build` for the theme target.
fuzz:
	$(SWIFT) build --target TeamworkUI
	./Fuzz/run.sh

deps: swift-check
	@./.ci/install-deps $(APT_BUILD)

deps-test: swift-check
	@./.ci/install-deps $(APT_TEST)

deps-bench: swift-check
	@./.ci/install-deps $(APT_BENCH)

swift-check:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "Fehler: Swift 6 ist nicht installiert (Befehl '$(SWIFT)' fehlt) – bitte Swift 6 installieren und erneut aufrufen." >&2; exit 1; }

clean:
	rm -rf .build
