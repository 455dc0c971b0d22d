import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the local API: Hummingbird's core storage, the WebSocket upgrade slot,
/// and the connection's channel (to read the peer's credentials on the unix socket).
struct LocalAPIRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
