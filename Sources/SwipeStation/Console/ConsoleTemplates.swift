import Mustache

/// The console's pages as mustache templates, compiled into the binary: the station
/// serves everything it shows, with no file or framework from outside the device
/// (a school event's network has no internet). `{{ }}` escapes HTML.
enum ConsoleTemplates {
    /// The templates, by name.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("head", head), ("login", login), ("console", console)] {
            // The templates are constants of this file; a mistake in one is caught by the console tests.
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        return library
    }()

    static let head = """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">
        <link rel="stylesheet" href="/assets/console.css">
        """

    static let login = """
        <!doctype html>
        <html lang="en">
        <head>{{> head}}<title>swipe: sign in</title></head>
        <body class="login">
        <main>
          <h1>swipe</h1>
          {{#closed}}
          <p class="notice bad" id="login-closed">The console is closed: no console password is set on this station.
          The operator sets <code>console.passwordFile</code> in its settings (or the <code>console-password</code>
          credential) and restarts it.</p>
          {{/closed}}
          {{^closed}}
          <form method="post" action="/login">
            <label for="password">Console password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
            <button id="sign-in" type="submit">Sign in</button>
          </form>
          {{#problem}}<p class="notice bad" id="login-problem">{{problem}}</p>{{/problem}}
          {{/closed}}
        </main>
        </body>
        </html>
        """

    static let console = """
        <!doctype html>
        <html lang="en">
        <head>{{> head}}<meta name="csrf-token" content="{{csrf}}"><title>swipe: {{school}}</title>
        <script src="/assets/console.js" defer></script></head>
        <body>
        <header>
          <div class="bar">
            <h1 id="school" class="school">{{school}}</h1>
            <div>
              <button id="sound" class="link" aria-pressed="false">Sound on this phone: off</button>
              <button id="sign-out" class="link">Sign out</button>
            </div>
          </div>
          <ul class="status" aria-live="polite">
            <li id="status-reader" class="unknown">Reader</li>
            <li id="status-catalog" class="unknown">Catalog</li>
            <li id="status-pending" class="unknown">Pending</li>
            <li id="status-offline" class="ok" hidden>Offline</li>
            <li id="status-mode" class="unknown">Event mode</li>
          </ul>
          <p id="problem" class="problem" role="alert" hidden></p>
          <nav role="tablist" aria-label="Console views">
            <button data-tab="sell" class="tab current" id="tab-sell" role="tab" aria-selected="true"
              aria-controls="sell">Sell</button>
            <button data-tab="sales" class="tab" id="tab-sales" role="tab" aria-selected="false"
              aria-controls="sales" tabindex="-1">Sales</button>
            <button data-tab="event" class="tab" id="tab-event" role="tab" aria-selected="false"
              aria-controls="event" tabindex="-1">Event mode</button>
            <button data-tab="setup" class="tab" id="tab-setup" role="tab" aria-selected="false"
              aria-controls="setup" tabindex="-1">Setup</button>
          </nav>
        </header>
        <main>
          <section id="sell" class="panel" role="tabpanel" aria-labelledby="tab-sell">
            <div class="tiles" id="tiles">
              {{#products}}
              <button class="tile" data-product="{{id}}" data-name="{{name}}" data-cents="{{cents}}"
                data-minimum="{{minimum}}" data-maximum="{{maximum}}" id="tile-{{id}}">
                {{#image}}<img src="{{image}}" alt="">{{/image}}
                <span class="name">{{name}}</span><span class="price">{{price}}</span>
              </button>
              {{/products}}
              {{^products}}<p class="notice bad" id="no-products">{{noProducts}}</p>{{/products}}
            </div>
            <div id="order" class="order" hidden>
              <p><strong id="order-name"></strong> <span id="order-price"></span></p>
              <div class="row">
                <button id="minus" class="step" aria-label="one fewer">−</button>
                <input id="quantity" type="number" inputmode="numeric" min="1" max="100" value="1" aria-label="Quantity">
                <button id="plus" class="step" aria-label="one more">+</button>
              </div>
              <div class="row" id="price-row" hidden>
                <label for="price">Price $</label>
                <input id="price" type="text" inputmode="decimal" autocomplete="off">
              </div>
              <div class="row">
                <button id="add" class="secondary">Add to sale</button>
              </div>
            </div>
            <div id="cart" class="order" hidden>
              <h2>This sale</h2>
              <ul id="cart-lines" class="lines"></ul>
              <p id="cart-total" class="total" aria-live="polite"></p>
            </div>
            <p id="limits" class="hint"></p>
            <div class="actions">
              <p id="result" class="result idle" role="status" aria-live="assertive">Choose a product.</p>
              <div class="row">
                <button id="arm" class="primary" disabled>Swipe now</button>
                <button id="cancel" class="secondary" hidden>Cancel</button>
              </div>
            </div>
          </section>
          <section id="sales" class="panel" role="tabpanel" aria-labelledby="tab-sales" hidden>
            <h2 id="sales-heading">Sales</h2>
            <div class="row">
              <label for="sales-date">Day</label>
              <input id="sales-date" type="date">
              <button id="sales-today" class="secondary">Today</button>
              <button id="sales-yesterday" class="secondary">Yesterday</button>
              <button id="refresh" class="secondary">Refresh</button>
            </div>
            <p class="hint">Voids work until midnight Eastern of the sale's day; after that a refund is made in the
            school-payments admin.</p>
            <button id="test-charge" class="secondary">Test charge: 1¢ plus fee, voided at once</button>
            <p id="sales-empty" class="hint" hidden>No sales on this day.</p>
            <ul id="sales-list" class="sales"></ul>
            <div id="follow-up" hidden>
              <h3>Kept offline, not charged: collect these another way</h3>
              <p class="hint">Sales kept while the school-payments server could not be reached, then declined or
              refused when they were sent. No money was taken for them.</p>
              <ul id="follow-up-list" class="sales"></ul>
            </div>
          </section>
          <section id="event" class="panel" role="tabpanel" aria-labelledby="tab-event" hidden>
            <p id="event-state" class="hint"></p>
            <label for="event-product">Every swipe buys</label>
            <select id="event-product">
              {{#products}}<option value="{{id}}" data-cents="{{cents}}">{{name}} ({{price}})</option>{{/products}}
            </select>
            <div class="row">
              <label for="event-quantity">Quantity</label>
              <input id="event-quantity" type="number" inputmode="numeric" min="1" max="100" value="1">
            </div>
            <div class="row" id="event-price-row" hidden>
              <label for="event-price">Price $</label>
              <input id="event-price" type="text" inputmode="decimal" autocomplete="off">
            </div>
            <div class="row">
              <button id="event-on" class="primary">Turn event mode on</button>
              <button id="event-off" class="secondary">Turn event mode off</button>
            </div>
          </section>
          <section id="setup" class="panel" role="tabpanel" aria-labelledby="tab-setup" hidden>
            <h2>Reader setup</h2>
            <p class="hint">The audio reader's input, live. Peaks at <span id="clipping-level"></span> or above clip:
            turn the sound card's input gain down. A swipe whose peak stays under <span id="quiet-level"></span> is
            too quiet: turn it up.</p>
            <div id="levels"></div>
            <p id="no-audio" class="notice" hidden>No audio heard yet: the levels show once the reader's sound
            card delivers audio.</p>
            <h2>Last swipe</h2>
            <p id="last-swipe" class="notice">No swipe heard yet.</p>
          </section>
        </main>
        </body>
        </html>
        """
}
