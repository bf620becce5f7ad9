// swift-tools-version:6.1
// swipe: a headless point of sale for school events, reading cards from an
// audio-jack magnetic-stripe reader on a Raspberry Pi.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swipe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swipe", targets: ["swipe"]),
        .library(name: "SwipeCards", targets: ["SwipeCards"]),
        .library(name: "SwipeDecoding", targets: ["SwipeDecoding"]),
        .library(name: "WAVFile", targets: ["WAVFile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.0.0", traits: ["YAML"]),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // MARK: The card model: what every source of card data shares.

        /// Sensitive bytes, card numbers, track characters, fields, validation, masking.
        .target(name: "SwipeCards", swiftSettings: strict),

        // MARK: Card reading: pure Swift, no I/O.

        /// Audio -> swipes -> F2F bits -> track characters (-> the card model).
        .target(name: "SwipeDecoding", dependencies: ["SwipeCards"], swiftSettings: strict),
        /// USB card readers' reports (MagTek HID, keyboard emulation) into the card model, pure Swift.
        .target(name: "SwipeHID", dependencies: ["SwipeCards"], swiftSettings: strict),
        /// RIFF/WAVE parsing and writing, pure Swift.
        .target(name: "WAVFile", swiftSettings: strict),
        /// Swipe reports for people and programs (text and JSON), and whole-file decoding.
        .target(
            name: "SwipeReports", dependencies: ["SwipeCards", "SwipeDecoding", "SwipeHID", "WAVFile"],
            swiftSettings: strict),
        /// Physically plausible swipe recordings, for tests, benchmarks and `hardware/`.
        .target(
            name: "SwipeSynthesis", dependencies: ["SwipeCards", "SwipeDecoding", "WAVFile"], swiftSettings: strict),

        // MARK: Hearing real readers: ALSA capture and USB, each C library behind one Swift file.

        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        /// Capture threads and USB sessions handing audio, reports and swipes to Swift concurrency.
        .target(
            name: "SwipeInput",
            dependencies: ["CALSA", "CLibUSB", "SwipeCards", "SwipeHID", "SwipeDecoding"],
            swiftSettings: strict
        ),

        // MARK: The school-payments catalog.

        /// What swipe's two HTTP servers share: login throttling, TLS settings, connection and body limits.
        .target(
            name: "SwipeServerKit",
            dependencies: [
                "SwipeCatalogAPI",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        /// The HTTP API's wire types, shared by server and client.
        .target(
            name: "SwipeCatalogAPI",
            dependencies: ["SwipeCards", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        /// Sealing card data to the catalog's public key (HPKE).
        .target(
            name: "CardSealing",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        /// The reference catalog server: Hummingbird + SQLite.
        .target(
            name: "SwipeCatalogServer",
            dependencies: [
                "SwipeCatalogAPI", "CardSealing", "SwipeCards", "SwipeServerKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        /// The device's client for the catalog API.
        .target(
            name: "SwipeCatalogClient",
            dependencies: [
                "SwipeCatalogAPI", "CardSealing", "SwipeCards",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // MARK: The station: what runs at the event.

        /// `swipe run`: readers, sale controller, catalog connection, journal and HTTP endpoint as services.
        .target(
            name: "SwipeStation",
            dependencies: [
                "SwipeCards", "SwipeInput", "SwipeHID", "SwipeDecoding", "SwipeCatalogAPI", "SwipeCatalogClient",
                "SwipeServerKit", "CardSealing",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The console's style and script: files of their own, compiled into the binary.
            resources: [.embedInCode("Console/Assets/console.css"), .embedInCode("Console/Assets/console.js")],
            swiftSettings: strict
        ),

        // MARK: Executables, kept thin.

        .executableTarget(
            name: "swipe",
            dependencies: [
                "SwipeCards", "SwipeDecoding", "SwipeHID", "SwipeInput", "WAVFile", "SwipeReports",
                "SwipeCatalogServer",
                "SwipeCatalogClient",
                "SwipeCatalogAPI",
                "SwipeStation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "swipe-bench",
            dependencies: [
                "SwipeCards", "SwipeDecoding", "SwipeSynthesis", "WAVFile", "SwipeReports", "SwipeCatalogClient",
                "SwipeCatalogAPI",
                "CardSealing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests.

        /// Running the built `swipe` as a user does, for the command tests.
        .target(name: "SwipeTestSupport", path: "Tests/SwipeTestSupport", swiftSettings: strict),
        .testTarget(name: "SwipeCardsTests", dependencies: ["SwipeCards"], swiftSettings: strict),
        .testTarget(
            name: "SwipeInputTests",
            dependencies: [
                "SwipeCards", "SwipeDecoding", "SwipeHID", "SwipeInput", "SwipeReports", "SwipeSynthesis", "WAVFile",
                "SwipeTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwipeDecodingTests",
            dependencies: [
                "SwipeCards", "SwipeDecoding", "SwipeSynthesis", "WAVFile", "SwipeReports", "SwipeTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwipeStationTests",
            dependencies: [
                "SwipeStation", "SwipeCatalogServer", "SwipeCatalogClient", "SwipeCatalogAPI", "SwipeCards",
                "SwipeInput", "SwipeHID", "SwipeSynthesis", "WAVFile", "SwipeTestSupport", "SwipeServerKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SwipeCatalogTests",
            dependencies: [
                "SwipeCatalogServer", "SwipeCatalogClient", "SwipeCatalogAPI", "CardSealing",
                "SwipeCards", "SwipeSynthesis", "SwipeTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
