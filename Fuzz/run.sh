#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS (default 30).
#
#   ./Fuzz/run.sh                         all targets, 30 s each
#   FUZZ_SECONDS=300 ./Fuzz/run.sh money  one target, 5 min
#
# Each target is compiled with `swiftc -sanitize=fuzzer,address -parse-as-library` directly from
# the package sources (no Package.swift change): the target file is compiled INTO the module it
# fuzzes (-module-name TeamworkCore / TeamworkUI), so it can call internal API as well.
#   money    Fixed2.parse          (Sources/TeamworkCore + Fuzz/MoneyFuzz.swift)
#   plancsv  PlanCSV.read          (Sources/TeamworkCore + Fuzz/PlanCSVFuzz.swift)
#   theme    ThemeLoader.parse     (Sources/TeamworkUI + Fuzz/ThemeFuzz.swift, linked against the
#            TeamworkCore objects of `swift build` in .build/debug)
#   ics, vcf (slot) the .ics/.vcf readers: built as soon as Fuzz/ICSFuzz.swift / Fuzz/VCFFuzz.swift exist.
#
# Output under .build/fuzz: binaries, corpus/<target> (grows across runs), crashes/<target>-*.
# Seeds: Fuzz/seeds/<target> (read only) and, for themes, Themes/*.toml.
# Exit status 1 when a target found a crash (the input is printed), 2 when a build failed.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
OUT="$ROOT/.build/fuzz"
SECONDS_PER_TARGET=${FUZZ_SECONDS:-30}
SANITIZERS=${FUZZ_SANITIZERS:-fuzzer,address}
SWIFTC=${SWIFTC:-swiftc}
ALL_TARGETS="money plancsv theme ics vcf"
TARGETS=${*:-$ALL_TARGETS}
mkdir -p "$OUT/crashes" "$OUT/logs"

FLAGS=(-sanitize="$SANITIZERS" -parse-as-library -O -g -swift-version 6 -suppress-warnings)
CORE_SOURCES=()
while IFS= read -r file; do CORE_SOURCES+=("$file"); done < <(find Sources/TeamworkCore -name '*.swift' | sort)
UI_SOURCES=()
while IFS= read -r file; do UI_SOURCES+=("$file"); done < <(find Sources/TeamworkUI -name '*.swift' | sort)

build_core() {  # name file
    "$SWIFTC" "${FLAGS[@]}" -module-name TeamworkCore "${CORE_SOURCES[@]}" "Fuzz/$2" -o "$OUT/$1"
}

build_theme() {
    local build
    build=$(cd .build/debug 2>/dev/null && pwd -P) || { echo "  .build/debug fehlt – erst 'swift build' ausführen"; return 1; }
    if [[ ! -f "$build/Modules/TeamworkCore.swiftmodule" ]]; then
        echo "  TeamworkCore aus 'swift build' fehlt in $build – erst 'swift build' ausführen"
        return 1
    fi
    "$SWIFTC" "${FLAGS[@]}" -module-name TeamworkUI "${UI_SOURCES[@]}" Fuzz/ThemeFuzz.swift \
        -I "$build/Modules" "$build"/TeamworkCore.build/*.o -o "$OUT/theme"
}

build() {  # name
    case "$1" in
        money) build_core money MoneyFuzz.swift ;;
        plancsv) build_core plancsv PlanCSVFuzz.swift ;;
        theme) build_theme ;;
        # --- Slot: .ics / .vcf readers -------------------------------------------------------
        # Add Fuzz/ICSFuzz.swift / Fuzz/VCFFuzz.swift (same shape as PlanCSVFuzz.swift, calling the
        # reader, e.g. ICalendar.read / VCard.read, plus a write→read round trip) and seeds in
        # Fuzz/seeds/ics, Fuzz/seeds/vcf; nothing else needs to change here. If a reader lives
        # outside TeamworkCore, build it like `theme`.
        ics) build_core ics ICSFuzz.swift ;;
        vcf) build_core vcf VCFFuzz.swift ;;
        *) echo "  unbekanntes Ziel $1 (möglich: $ALL_TARGETS)"; return 1 ;;
    esac
}

source_file() {
    case "$1" in
        money) echo MoneyFuzz.swift ;; plancsv) echo PlanCSVFuzz.swift ;; theme) echo ThemeFuzz.swift ;;
        ics) echo ICSFuzz.swift ;; vcf) echo VCFFuzz.swift ;; *) echo "" ;;
    esac
}

status=0
summary=()
for target in $TARGETS; do
    file=$(source_file "$target")
    if [[ -n "$file" && ! -f "Fuzz/$file" ]]; then
        summary+=("$target: übersprungen (Fuzz/$file fehlt noch – Reader nicht vorhanden)")
        continue
    fi
    echo "== $target: bauen"
    if ! build "$target" >"$OUT/logs/$target-build.log" 2>&1; then
        tail -20 "$OUT/logs/$target-build.log"
        summary+=("$target: BAU FEHLGESCHLAGEN (siehe $OUT/logs/$target-build.log)")
        [[ $status -eq 0 ]] && status=2
        continue
    fi
    corpus="$OUT/corpus/$target"
    mkdir -p "$corpus"
    seeds=()
    [[ -d "Fuzz/seeds/$target" ]] && seeds+=("Fuzz/seeds/$target")
    [[ "$target" == theme && -d Themes ]] && seeds+=("Themes")
    echo "== $target: ${SECONDS_PER_TARGET} s fuzzen"
    log="$OUT/logs/$target.log"
    extra=()
    asan_options=${ASAN_OPTIONS:-}
    # -timeout: one input may take at most 10 s; -rss_limit_mb guards against runaway memory.
    ASAN_OPTIONS="$asan_options" "$OUT/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-" "${extra[@]}" "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    files=$(find "$corpus" -type f | wc -l)
    if [[ $rc -ne 0 ]]; then
        artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
        grep -E "Fatal error|Precondition|ERROR: |SUMMARY" "$log" | head -5
        if [[ -n "$artifact" && -f "$artifact" ]]; then
            echo "  Eingabe ($artifact):"
            od -c "$artifact" | head -10
        fi
        summary+=("$target: ABSTURZ nach ${runs:-?} Läufen – ${artifact:-siehe $log}")
        status=1
    else
        summary+=("$target: ok, ${runs:-?} Läufe in ${SECONDS_PER_TARGET} s, ${cov:-cov ?}, Korpus $files Dateien")
    fi
done

echo
echo "Fuzzing – Ergebnis"
for line in "${summary[@]}"; do echo "  $line"; done
exit $status
