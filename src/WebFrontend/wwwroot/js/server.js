// The server page, live: status and progress, players, charts of the last hour, and the log as it is written.
(() => {
    const id = document.currentScript.dataset.server;
    const base = `/servers/${encodeURIComponent(id)}/live`;
    const state = document.getElementById('state');
    const detail = document.getElementById('detail');
    const logs = document.getElementById('logs');
    const backupProgress = document.getElementById('backup-progress');
    const buttons = { wake: document.getElementById('wake'), hibernate: document.getElementById('hibernate'), backup: document.getElementById('backup'), delete: document.getElementById('delete') };

    const allowed = {
        sleeping: ['wake', 'backup', 'delete'], running: ['hibernate', 'backup', 'delete'], failed: ['delete'],
        creating: [], starting: [], stopping: [], deleting: [], deleted: [], 'backing up': [], restoring: [], 'host offline': [],
    };

    let previous = state.textContent;

    function showStatus(server) {
        // A backup or restore that just ended changed the list of backups: show the new one.
        if ((previous === 'backing up' || previous === 'restoring') && server.status !== previous) {
            location.reload();
            return;
        }
        previous = server.status;
        state.textContent = server.status;
        state.className = 'badge state-' + server.status.replace(' ', '-');
        detail.textContent = server.detail;
        backupProgress.textContent = server.backup === server.detail ? '' : server.backup;
        const enabled = allowed[server.status] ?? [];
        for (const [name, button] of Object.entries(buttons)) {
            button.disabled = !enabled.includes(name);
        }
    }

    async function pollStatus() {
        try {
            const response = await fetch(`${base}/status`, { headers: { Accept: 'application/json' } });
            if (response.ok) {
                showStatus(await response.json());
            }
        } catch { /* the next poll tries again */ }
    }

    function drawChart(svg, points, max) {
        svg.replaceChildren();
        if (points.length < 2) {
            return;
        }
        const first = points[0].t, span = Math.max(points[points.length - 1].t - first, 1);
        const top = Math.max(max, ...points.map(p => p.v), 1);
        const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
        line.setAttribute('points', points.map(p => `${((p.t - first) / span * 600).toFixed(1)},${(118 - p.v / top * 114).toFixed(1)}`).join(' '));
        line.setAttribute('class', 'series');
        svg.appendChild(line);
    }

    async function pollStats() {
        try {
            const response = await fetch(`${base}/stats`);
            if (!response.ok) {
                return;
            }
            const stats = await response.json();
            const at = s => Date.parse(s.at);
            drawChart(document.getElementById('cpu-chart'), stats.samples.map(s => ({ t: at(s), v: s.cpu })), 100);
            drawChart(document.getElementById('memory-chart'), stats.samples.map(s => ({ t: at(s), v: s.memoryMb })), 0);
            document.getElementById('cpu-chart').dataset.samples = stats.samples.length;
            const players = document.getElementById('players');
            if (stats.players) {
                players.textContent = stats.players;
            } else if (stats.connectedClients !== null && stats.connectedClients !== undefined) {
                players.textContent = `${stats.connectedClients} connected`;
            }
        } catch { /* the next poll tries again */ }
    }

    const source = new EventSource(`${base}/logs`);
    source.onmessage = event => {
        const line = JSON.parse(event.data);
        logs.append(document.createTextNode(line.text + '\n'));
        logs.scrollTop = logs.scrollHeight;
    };

    pollStatus();
    pollStats();
    setInterval(pollStatus, 2000);
    setInterval(pollStats, 5000);
})();
