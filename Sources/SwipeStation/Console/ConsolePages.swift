import Foundation
import Hummingbird
import NIOCore
import SwipeCatalogAPI
import SwipeServerKit

/// The console's pages: sign-in and sign-out, the console itself, its script and
/// style, and the product images.
struct ConsolePages {
    let station: StationParts
    /// Whether the console is served over HTTPS (the cookie is then `Secure`).
    let secureCookie: Bool
    /// Password guessing slows, then stops, per client address.
    let throttle = LoginThrottle(baseDelay: .milliseconds(100))
    /// And stops for everyone after 30 wrong passwords in 15 minutes, from however many addresses.
    let stationThrottle = LoginThrottle(baseDelay: .zero, lockAfter: 30)
    /// The station throttle's one key.
    private static let everyone = "station"

    func routes(on router: Router<StationRequestContext>) {
        let pages = self
        router.get("login") { _, _ in pages.login(problem: nil) }
        router.post("login") { request, context in try await pages.signIn(request, context: context) }
        router.post("logout") { _, context in
            if let token = context.sessionToken { await pages.station.sessions.end(token) }
            var response = Response(status: .noContent)
            response.setCookie(pages.cookie(value: "", maxAge: 0))
            return response
        }
        router.get("/") { _, context in try await pages.console(csrf: context.session?.csrfToken ?? "") }
        router.get("assets/console.css") { _, _ in Self.asset(ConsoleAssets.style, type: "text/css; charset=utf-8") }
        router.get("assets/console.js") { _, _ in
            Self.asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8")
        }
        router.get("images/:file") { _, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".jpg"),
                let image = await pages.station.images.image(product: String(file.dropLast(4)))
            else { throw StationHTTPError(.notFound, "no such image") }
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: image)))
        }
    }

    private func signIn(_ request: Request, context: StationRequestContext) async throws -> Response {
        guard station.sessions.isOpen else { return login(problem: nil) }
        let body = String(buffer: try await request.body.collect(upTo: 4096))
        guard let form = try? URLEncodedFormDecoder().decode(LoginForm.self, from: body) else {
            return login(problem: "Type the console password.", status: .badRequest)
        }
        let client = context.clientAddress
        guard await throttle.begin(client) else {
            context.logger.warning("console sign-in refused: too many wrong passwords from \(client)")
            return login(
                problem: "Too many wrong passwords: wait 15 minutes, or ask the operator.", status: .tooManyRequests)
        }
        guard await stationThrottle.begin(Self.everyone) else {
            await throttle.succeeded(client, forgetFailures: false)
            context.logger.warning("console sign-in refused for everyone: 30 wrong passwords in 15 minutes")
            return login(
                problem: "Too many wrong passwords on this station: wait 15 minutes, or ask the operator.",
                status: .tooManyRequests)
        }
        guard await station.sessions.check(form.password) else {
            let wait = await throttle.failed(client)
            _ = await stationThrottle.failed(Self.everyone)
            context.logger.warning("console sign-in failed from \(client)")
            try await Task.sleep(for: wait)
            return login(problem: "That is not the console password.", status: .unauthorized)
        }
        await throttle.succeeded(client)
        await stationThrottle.succeeded(Self.everyone, forgetFailures: false)
        let (token, _) = await station.sessions.start()
        context.logger.notice("console signed in from \(client)")
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(cookie(value: token, maxAge: Int(ConsoleSessions.idleLifetime)))
        return response
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: ConsoleSessions.cookieName, value: value, maxAge: maxAge, path: "/", secure: secureCookie,
            httpOnly: true, sameSite: .strict)
    }

    private func login(problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        html(
            ConsoleTemplates.library.render(
                LoginPage(closed: !station.sessions.isOpen, problem: problem), withTemplate: "login"),
            status: status)
    }

    private func console(csrf: String) async throws -> Response {
        // While sales are kept offline: what was on sale when the catalog last answered.
        let session = await station.connection.sellingSession()
        let tiles = (session?.products ?? []).map(Tile.init)
        let page = ConsolePage(
            csrf: csrf, school: session?.school.name ?? "swipe", products: tiles,
            noProducts: session == nil
                ? "The catalog cannot be reached: products appear when it answers."
                : "Nothing is on sale by swipe at this school now.")
        return html(ConsoleTemplates.library.render(page, withTemplate: "console"))
    }

    private func html(_ text: String?, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: text == nil ? .internalServerError : status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text ?? "the page could not be rendered")))
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The sign-in form.
struct LoginForm: Decodable {
    var password: String
}

/// What the sign-in page shows.
struct LoginPage {
    var closed: Bool
    var problem: String?
}

/// What the console page shows at first; the script keeps it current.
struct ConsolePage {
    var csrf: String
    var school: String
    var products: [Tile]
    var noProducts: String
}

/// A product's tile.
struct Tile {
    var id: String
    var name: String
    var price: String
    var cents: String
    var minimum: String
    var maximum: String
    var image: String?

    init(_ product: Product) {
        id = product.id
        name = product.name
        cents = product.priceCents.map(String.init) ?? ""
        minimum = product.minimumCents.map(String.init) ?? ""
        maximum = product.maximumCents.map(String.init) ?? ""
        price =
            product.priceCents.map(Money.text)
            ?? "\(Money.text(product.minimumCents ?? 1)) to \(Money.text(product.maximumCents ?? 0))"
        image = product.imageURL == nil || !ProductImages.isSafe(product.id) ? nil : "/images/\(product.id).jpg"
    }
}
