public import SwipeHID

/// Everything `swipe run` needs, checked: the result of ``StationConfigurationLoader``.
///
/// Every key is documented in README.md ("Settings") and in
/// `deploy/station.example.yaml`.
public struct StationConfiguration: Sendable {
    /// How the station signs in to the school-payments catalog.
    public struct Catalog: Sendable {
        /// Base URL, `http://host:port` or `https://host:port`.
        public var url: String
        /// District name (or id), as at `swipe login`.
        public var district: String
        /// School name (or id) the station sells for.
        public var school: String
        /// The account the station signs in as.
        public var user: String
        /// The account's password, read from a file or a systemd credential; never logged.
        public var password: String
        /// Time allowed for one request, in seconds.
        public var timeoutSeconds: Int = 10

        /// Creates catalog settings.
        public init(url: String, district: String, school: String, user: String, password: String) {
            self.url = url
            self.district = district
            self.school = school
            self.user = user
            self.password = password
        }
    }

    /// Which readers to listen to.
    public struct Reader: Sendable {
        /// Where swipes come from.
        public enum Source: String, Sendable, CaseIterable {
            /// The audio-jack reader only.
            case audio
            /// USB readers only.
            case hid
            /// Both.
            case auto
        }

        /// Where swipes come from.
        public var source: Source = .auto
        /// The ALSA capture PCM.
        public var device = "default"
        /// Samples per second asked of the sound card.
        public var rate = 48_000
        /// Channels (2 for a dual-head reader).
        public var channels = 1
        /// Frames per ALSA period.
        public var period = 1_024
        /// USB readers beyond the built-in list.
        public var usb: [SupportedReader] = []
        /// ALSA configuration text opened instead of the system's (the demo and tests define a
        /// capture PCM over a file this way); `nil` uses `/etc/asound.conf` and `~/.asoundrc`.
        public var alsaConfiguration: String?

        /// Default reader settings.
        public init() {}
    }

    /// What a swipe buys.
    public struct Sale: Sendable {
        /// How a swipe turns into a sale.
        public enum Mode: String, Sendable, CaseIterable {
            /// A sale is armed (product, quantity, price) and the next accepted swipe pays for it.
            case console
            /// Every accepted swipe buys ``Sale/product`` (a ticket at the door).
            case event
        }

        /// How a swipe turns into a sale.
        public var mode: Mode = .console
        /// Event mode: the product every swipe buys.
        public var product: String?
        /// Event mode: how many.
        public var quantity = 1
        /// Event mode: the unit price in cents, for a variable-price product.
        public var priceCents: Int?
        /// Whether to play the approved and declined tones.
        public var tones = true
        /// The ALSA playback PCM for the tones.
        public var toneDevice = "default"
        /// The same card swiped again within this many seconds for the same sale is one sale.
        public var duplicateWindowSeconds = 5.0

        /// Default sale settings.
        public init() {}
    }

    /// The station's HTTP endpoint: the operator console, its API and `/metrics`.
    public struct HTTP: Sendable {
        /// Address to bind.
        public var host = "127.0.0.1"
        /// Port; 0 picks a free one.
        public var port = 8081
        /// PEM certificate chain and private key files: the console over HTTPS.
        public var tls: (certificate: String, key: String)?
        /// Whether `/metrics` answers without signing in (it holds counts, never card data).
        public var openMetrics = true
        /// Connections served at once; more are closed as soon as they are accepted. The
        /// station serves fewer when its open-file limit leaves less room.
        public var maxConnections = 256
        /// Connections one client address may hold at once.
        public var maxConnectionsPerAddress = 32
        /// A connection that sends no complete request head for this long is closed.
        public var idleTimeout: Duration = .seconds(10)
        /// Time for a request body to arrive whole.
        public var bodyTimeout: Duration = .seconds(10)
        /// Largest request body, in bytes (the console sends small forms and JSON).
        public var bodyLimit = 16 * 1024

        /// Default HTTP settings.
        public init() {}
    }

    /// The operator console.
    public struct Console: Sendable {
        /// The console password; `nil` keeps the console closed (nothing but the sign-in
        /// page, which says so).
        public var password: String?

        /// Default console settings: closed.
        public init() {}
    }

    /// Selling while the catalog cannot be reached: each sale sealed to the catalog's key,
    /// signed by the station, kept in the journal and forwarded when the catalog is back.
    /// Off by default: a kept sale is not authorized until it is forwarded, and a card
    /// declined then is the school's to collect.
    public struct Offline: Sendable, Equatable {
        /// Whether the station keeps sales while the catalog cannot be reached.
        public var enabled = false
        /// The most one kept sale may come to, fee included, in cents.
        public var maxSaleCents = 5_000
        /// The most all sales waiting to be forwarded may come to, in cents.
        public var maxTotalCents = 50_000
        /// How long a kept sale may wait: the catalog refuses it (`expired`) after this.
        public var maxAgeHours = 24.0
        /// Sales one card may have waiting.
        public var maxPerCard = 2

        /// Default offline settings: off.
        public init() {}
    }

    /// The catalog.
    public var catalog: Catalog
    /// The readers.
    public var reader = Reader()
    /// Selling.
    public var sale = Sale()
    /// The HTTP endpoint.
    public var http = HTTP()
    /// The operator console.
    public var console = Console()
    /// Selling while the catalog cannot be reached.
    public var offline = Offline()
    /// The journal's SQLite file.
    public var journalPath: String

    /// Creates a configuration with defaults for everything but the catalog and the journal.
    public init(catalog: Catalog, journalPath: String) {
        self.catalog = catalog
        self.journalPath = journalPath
    }
}
