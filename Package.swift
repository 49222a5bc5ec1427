// swift-tools-version:6.0
import PackageDescription

// Layers (each arrow is a target dependency; nothing points back):
//   teamwork (CLI) → TeamworkTerminal → TeamworkUI → TeamworkCore
//   teamwork (CLI) → TeamworkStore → TeamworkCore
//   teamwork (CLI) → TeamworkApp (main loop, effects) → TeamworkUI + TeamworkStore
//   teamwork (CLI) → TeamworkXLSX (libxlsxwriter on first use, ZIPFoundation) → TeamworkCore
// Core knows nothing of SQLite or ncurses; UI draws into a terminal-independent buffer;
// the terminal backend is the only code that touches ncurses.
let package = Package(
    name: "teamwork",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "teamwork", targets: ["teamwork"]),
        .executable(name: "teamwork-bench", targets: ["teamwork-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(name: "TeamworkCore"),
        .target(
            name: "TeamworkStore",
            dependencies: ["TeamworkCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "TeamworkUI",
            dependencies: ["TeamworkCore"]
        ),
        // No pkgConfig: ncursesw's .pc file passes -D flags that SwiftPM rejects with a warning on
        // every build; shim.h defines what it needs and module.modulemap links ncursesw.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "TeamworkTerminal", dependencies: ["TeamworkUI", "CNcurses"]),
        // libxlsxwriter writes .xlsx (formulas with cached values, formats, comments, links); the
        // header from libxlsxwriter-dev, the library loaded on first use (Sources/CXlsxWriter/lazy.c).
        .target(name: "CXlsxWriter"),
        // Excel workbooks: the writer (over libxlsxwriter) and the reader (ZIPFoundation + XMLScanner).
        .target(
            name: "TeamworkXLSX",
            dependencies: ["TeamworkCore", "CXlsxWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The dashboard's loop and its effects against the store, without a terminal of its own.
        .target(name: "TeamworkApp", dependencies: ["TeamworkCore", "TeamworkStore", "TeamworkUI", "TeamworkXLSX"]),
        .executableTarget(
            name: "teamwork",
            dependencies: [
                "TeamworkCore", "TeamworkStore", "TeamworkUI", "TeamworkTerminal", "TeamworkApp", "TeamworkXLSX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // SQLite, ncursesw, zlib and libstdc++ linked from their archives: fewer shared
            // libraries to load at every start (scripts/link-static says why and how).
            linkerSettings: [.unsafeFlags(["-ld-path=\(Context.packageDirectory)/scripts/link-static"])]
        ),
        // Prints figures (make bench); measures the real binary through a pseudo-terminal.
        .executableTarget(
            name: "teamwork-bench",
            dependencies: ["TeamworkCore", "TeamworkStore", "TeamworkUI"]
        ),
        .testTarget(
            name: "TeamworkCoreTests",
            dependencies: ["TeamworkCore", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "TeamworkStoreTests", dependencies: ["TeamworkStore"], exclude: ["Fixtures"]),
        .testTarget(name: "TeamworkUITests", dependencies: ["TeamworkUI", "TeamworkStore", "TeamworkApp"], exclude: ["Snapshots"]),
        .testTarget(name: "TeamworkCLITests", dependencies: ["TeamworkCore", "TeamworkStore", "TeamworkUI", "TeamworkXLSX"]),
        // Runs the built binary in tmux and a pty: keys, screens, resize, signals.
        .testTarget(name: "TeamworkEndToEndTests"),
        .testTarget(name: "TeamworkTerminalTests", dependencies: ["TeamworkTerminal"]),
        .testTarget(name: "TeamworkAppTests", dependencies: ["TeamworkApp", "TeamworkStore", "TeamworkUI"]),
        .testTarget(
            name: "TeamworkXLSXTests",
            dependencies: ["TeamworkXLSX", "TeamworkStore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ]
)
