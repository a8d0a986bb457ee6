// Real game protocol clients for the GSP tests, driven by xunit through `node peer.mjs <command> ...`.
// Every command prints one JSON object per line on stdout; the last line is the outcome.
//
//   node peer.mjs mc-status <host> <port>              Server List Ping with minecraft-protocol (ping + pong)
//   node peer.mjs mc-login <host> <port> <name>        offline-mode login with minecraft-protocol; prints
//                                                      {"event":"joined"} on Login Success and stays connected
//                                                      until stdin closes, or {"event":"disconnect",...} if kicked
//   node peer.mjs gamedig <type> <host> <port> [given-port-only]
//                                                      a gamedig query (e.g. valheim, minecraft); given-port-only
//                                                      queries exactly <port> instead of the game's query offset
import { createRequire } from 'node:module'
import { GameDig } from 'gamedig'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')

const MinecraftVersion = '1.21.1'
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n')
const [command, ...args] = process.argv.slice(2)

async function mcStatus (host, port) {
  const result = await mc.ping({ host, port: Number(port), version: MinecraftVersion, closeTimeout: 20000 })
  print({ event: 'status', ...result })
}

function mcLogin (host, port, username) {
  return new Promise((resolve) => {
    const client = mc.createClient({ host, port: Number(port), username, auth: 'offline', version: MinecraftVersion, hideErrors: true })
    let done = false
    const finish = (value) => {
      if (done) return
      done = true
      print(value)
      resolve()
    }
    client.once('success', (packet) => {
      print({ event: 'joined', username: packet.username })
      // Stay online until the test closes our stdin, then leave cleanly.
      process.stdin.resume()
      process.stdin.once('end', () => { client.end('test finished'); finish({ event: 'left' }) })
    })
    client.on('disconnect', (packet) => finish({ event: 'disconnect', reason: packet.reason }))
    client.on('error', (error) => finish({ event: 'error', message: String(error && error.message) }))
    client.on('end', (reason) => finish({ event: 'end', reason: String(reason) }))
  })
}

async function gamedig (type, host, port, mode) {
  const state = await GameDig.query({ type, host, port: Number(port), givenPortOnly: mode === 'given-port-only', maxRetries: 1, socketTimeout: 3000, attemptTimeout: 8000 })
  print({ event: 'gamedig', name: state.name, numplayers: state.numplayers, maxplayers: state.maxplayers, version: state.version, raw: state.raw })
}

try {
  switch (command) {
    case 'mc-status': await mcStatus(...args); break
    case 'mc-login': await mcLogin(...args); break
    case 'gamedig': await gamedig(...args); break
    default: throw new Error(`unknown command '${command}'`)
  }
  process.exit(0)
} catch (error) {
  print({ event: 'error', message: String(error && error.message) })
  process.exit(1)
}
