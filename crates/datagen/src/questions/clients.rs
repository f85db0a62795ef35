//! Software closer to the user or the hardware: frontend, full-stack, mobile, embedded.

use hireboard_domain::interview::Difficulty::{Easy as E, Hard as H, Medium as M};

use super::Entry;

pub(super) const FRONTEND: &[Entry] = &[
    (
        M,
        &["react"],
        "How does React decide when to re-render a component?",
        "A component re-renders when its state changes, when its parent re-renders, or when a context it reads changes. React then compares the new element tree with the previous one, a process called reconciliation, and updates only the DOM nodes that changed, using keys to match list items. Unnecessary renders can be avoided with React.memo, useMemo and useCallback, but only where profiling shows they matter.",
    ),
    (
        M,
        &["react"],
        "What is the useEffect hook for, and what are common mistakes with it?",
        "useEffect runs side effects after rendering, such as subscriptions, timers or synchronizing with external systems, and its dependency array controls when it runs again. Common mistakes are missing dependencies, which cause stale values, using effects to derive state that could be computed during rendering, and forgetting the cleanup function for subscriptions. Fetching data in effects must also handle race conditions, which is why libraries such as TanStack Query are popular.",
    ),
    (
        E,
        &["react"],
        "Why do list items in React need a key?",
        "Keys let React match elements between renders, so it can keep, move or remove the right DOM nodes and preserve each item's state. They must be stable and unique among siblings, typically an id from the data. Using the array index breaks when items are inserted, removed or reordered, so state or input values end up on the wrong item.",
    ),
    (
        M,
        &["typescript"],
        "What is the difference between type and interface in TypeScript?",
        "Both can describe object shapes and are mostly interchangeable there. Interfaces can be reopened and merged by declaring them again and are extended with extends, which suits public object contracts. Type aliases can name any type, including unions, intersections, tuples and mapped or conditional types. Many teams use interface for object shapes and type for everything else.",
    ),
    (
        M,
        &["typescript"],
        "What are generics in TypeScript, and why prefer unknown over any?",
        "Generics let functions and types work over many types while keeping them related; for example, function first<T>(items: T[]): T | undefined returns the element type of its input. any switches type checking off entirely and spreads silently through the code. unknown accepts any value but forces you to narrow it with checks before use, which makes it the safe type for untrusted data such as parsed JSON.",
    ),
    (
        M,
        &["javascript"],
        "Explain the JavaScript event loop, microtasks and macrotasks.",
        "JavaScript runs on one thread: the call stack runs code to completion, then the event loop takes the next task. After each task the engine drains the microtask queue, which holds promise callbacks and queueMicrotask callbacks, before running the next macrotask such as a timer, I/O callback or UI event, and the browser may render in between. That is why a resolved promise's then callback runs before a setTimeout(fn, 0) scheduled earlier.",
    ),
    (
        E,
        &["javascript"],
        "What is a closure in JavaScript?",
        "A closure is a function together with the variables of the scope in which it was created, which it can still use after that scope has returned. Closures enable private state, function factories and callbacks that remember their context. A classic pitfall was var in loops capturing one shared variable, which let and const fix by creating a new binding for each iteration.",
    ),
    (
        M,
        &["css"],
        "When would you use CSS Flexbox and when CSS Grid?",
        "Flexbox lays items out in one dimension, a row or a column, and is ideal for distributing space among items such as navigation bars and toolbars, and for centring. Grid lays out two dimensions at once, rows and columns, and suits page layouts and card grids where alignment along both axes matters. They combine well, for example a grid page layout with flex components inside its cells.",
    ),
    (
        M,
        &["accessibility", "html"],
        "How do you make a web application accessible?",
        "Use semantic HTML, such as buttons for actions, links for navigation, proper headings, labels for form fields and alt text for images, because assistive technologies rely on it. Make everything usable with the keyboard with a visible focus indicator, ensure sufficient colour contrast, and use ARIA only where native elements cannot express the behaviour. Test with automated tools such as axe and with a screen reader, aiming for WCAG 2.2 level AA.",
    ),
    (
        M,
        &["next.js", "react"],
        "What are the differences between client-side rendering, server-side rendering and static generation?",
        "Client-side rendering sends a minimal HTML shell and builds the page with JavaScript in the browser, which is simple to host but slower to first content and weaker for SEO. Server-side rendering produces HTML on each request, giving a fast first paint with fresh data at the cost of server work. Static generation renders pages at build time and serves them from a CDN, which is fastest but suits content that changes rarely; frameworks such as Next.js mix these per page.",
    ),
    (
        M,
        &["javascript", "webpack"],
        "How do you improve the loading performance of a web page?",
        "Measure first, with Lighthouse and real-user Core Web Vitals such as LCP, INP and CLS. Reduce and split JavaScript bundles with code splitting and tree shaking, serve compressed, correctly sized images in modern formats with lazy loading, and give hashed static assets long cache lifetimes on a CDN. Preload critical resources, avoid render-blocking scripts and reserve space for media to prevent layout shifts.",
    ),
    (
        E,
        &["html", "javascript"],
        "What is CORS, and why does the browser enforce it?",
        "The same-origin policy stops scripts on one origin from reading responses from another origin. CORS lets a server relax it by sending headers such as Access-Control-Allow-Origin that name the origins allowed to read its responses, and for non-simple requests the browser first sends an OPTIONS preflight. CORS is enforced by browsers to protect users, not servers, so it is no substitute for authentication.",
    ),
];

pub(super) const FULL_STACK: &[Entry] = &[
    (
        M,
        &["ruby on rails"],
        "What is the Active Record pattern, and what are its pitfalls?",
        "In Active Record, as in Rails, each model class maps to a table and each object wraps a row, with methods to load, validate and save itself. It makes CRUD development fast, but mixes domain logic with persistence, makes N+1 queries easy to write through lazy associations and can hide expensive queries behind innocent-looking method calls. Preload associations with includes, and keep complex business logic in plain service objects.",
    ),
    (
        M,
        &["react", "rest"],
        "How would you handle authentication in a single-page application that talks to your own API?",
        "A secure default is a session cookie set by the server as HttpOnly, Secure and SameSite, so scripts cannot read it, together with CSRF protection for unsafe requests. Keeping tokens in localStorage is simpler but exposes them to any XSS vulnerability. For third-party identity providers, use the OAuth 2.0 authorization code flow with PKCE, ideally through a backend-for-frontend that keeps tokens out of the browser.",
    ),
    (
        M,
        &["php", "laravel"],
        "Describe the request lifecycle of a Laravel application.",
        "Every request enters through public/index.php, which boots the application and its service providers, and the HTTP kernel passes the request through the global middleware. The router matches a route, runs its middleware such as authentication, and calls the controller, which typically uses Eloquent models and returns a view or a JSON response. The response travels back out through the middleware before it is sent.",
    ),
    (
        E,
        &["typescript", "node.js"],
        "Why share TypeScript types between the frontend and the backend?",
        "Sharing types, or generating them from an OpenAPI or GraphQL schema, makes API contract changes show up as compile errors in both client and server instead of as runtime bugs. It removes duplicated definitions and makes refactoring faster. Runtime validation is still needed for untrusted input, for example with a schema library such as Zod, because types are erased at runtime.",
    ),
];

pub(super) const MOBILE: &[Entry] = &[
    (
        M,
        &["ios", "swift"],
        "What is the difference between strong, weak and unowned references in Swift?",
        "Swift uses automatic reference counting, and a strong reference keeps an object alive. Two objects holding strong references to each other, or a closure capturing self strongly while self holds the closure, form a retain cycle that is never freed. A weak reference does not keep the object alive and becomes nil when it is deallocated, so it is optional; an unowned reference does not retain either but assumes the object outlives it and crashes if it does not.",
    ),
    (
        M,
        &["android", "kotlin"],
        "How do you handle configuration changes such as screen rotation on Android?",
        "By default a configuration change destroys and recreates the activity, losing its in-memory state. Keep UI state in a ViewModel, which survives configuration changes, and use SavedStateHandle or rememberSaveable for small state that must also survive process death. Long-running work belongs in coroutines scoped to the ViewModel or in WorkManager, not in the activity.",
    ),
    (
        M,
        &["kotlin", "android"],
        "What are Kotlin coroutines and structured concurrency?",
        "Coroutines are lightweight, suspendable computations: a suspend function can pause without blocking a thread, for example while waiting for the network, and resume later. Structured concurrency means every coroutine is launched in a scope, such as viewModelScope, that bounds its lifetime: cancelling the scope cancels all its children, and a failing child propagates to its parent. Dispatchers choose the threads, such as Dispatchers.IO for blocking I/O.",
    ),
    (
        M,
        &["flutter", "react native"],
        "What are the trade-offs of cross-platform frameworks such as Flutter or React Native against native development?",
        "Cross-platform frameworks share most code between iOS and Android, which lowers cost and keeps features in sync. Flutter renders its own widgets for a consistent UI, while React Native drives native components from JavaScript. Native development gives the best performance, immediate access to new platform APIs and the most platform-typical feel, so apps heavy on platform integration, graphics or background work often stay native.",
    ),
    (
        E,
        &["ios", "android"],
        "How would you make a mobile app work well offline?",
        "Store the data the user needs locally, for example with SQLite, Room or Core Data, and render from the local store so the app works without a network. Queue the user's changes locally and sync them when connectivity returns, with retries, idempotent server APIs and a conflict-resolution strategy. Show clearly what is pending or stale, and sync in the background using the platform's job schedulers.",
    ),
    (
        M,
        &["swiftui"],
        "How does state management work in SwiftUI?",
        "SwiftUI views are functions of their state: when state changes, SwiftUI recomputes the view's body and updates the screen. @State holds simple local state owned by a view, @Binding passes write access to a parent's state, observable model objects hold state shared across views, and @Environment provides app-wide dependencies. Keeping a single source of truth for each piece of data avoids inconsistencies.",
    ),
];

pub(super) const EMBEDDED: &[Entry] = &[
    (
        M,
        &["c"],
        "What does the volatile keyword do in C, and when is it needed in embedded code?",
        "volatile tells the compiler that a variable can change outside the normal program flow, so every read and write must actually happen and may not be cached in a register or optimized away. It is needed for memory-mapped hardware registers and for variables shared with interrupt handlers. It does not make accesses atomic or order memory between threads or cores, which needs atomics or barriers.",
    ),
    (
        H,
        &["rtos"],
        "What is priority inversion, and how is it solved?",
        "Priority inversion happens when a high-priority task waits for a resource held by a low-priority task while a medium-priority task preempts the low-priority one, so the high-priority task is effectively blocked by unrelated work. It famously caused resets on the Mars Pathfinder lander. Real-time operating systems solve it with priority inheritance, temporarily raising the holder to the waiter's priority, or with priority-ceiling protocols.",
    ),
    (
        E,
        &["c"],
        "What should an interrupt service routine do, and what should it avoid?",
        "An ISR should be as short as possible: acknowledge the interrupt, capture data or set a flag, and defer heavier processing to a task or the main loop. It must not block, wait on mutexes, call non-reentrant functions such as malloc or printf, or run long computations, because that delays other interrupts. Variables shared with the ISR need volatile and protection against concurrent access.",
    ),
    (
        M,
        &["c++"],
        "What is RAII in C++?",
        "Resource Acquisition Is Initialization ties a resource's lifetime to an object: the constructor acquires the resource, such as memory, a file handle or a mutex lock, and the destructor releases it. Because destructors run automatically when objects go out of scope, including during exception unwinding, resources cannot leak. std::unique_ptr, std::lock_guard and std::fstream are standard examples.",
    ),
    (
        M,
        &["rust"],
        "Why is Rust increasingly used for embedded and firmware development?",
        "Rust offers C-like performance and control without a runtime or garbage collector and runs on bare metal with no_std. Its ownership model prevents memory-safety bugs and data races at compile time, including for peripherals modelled as owned singletons in the embedded-hal ecosystem. Frameworks such as RTIC and Embassy provide safe concurrency and async programming on microcontrollers.",
    ),
];
