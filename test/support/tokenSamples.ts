/**
 * Texts of the kinds a chat carries, for checking the token estimate against a real tokenizer:
 * English prose, code, JSON, Markdown, German, French, Russian, Chinese, Japanese and Korean.
 */
export const TOKEN_SAMPLES: Record<string, string> = {
  english: `The connection view lists every provider account you have added, grouped by where it is stored. Each item shows its name, its alias and the provider, and a tooltip with the settings it uses. Keys are never shown: a stored key appears as a mask, and a reference to an environment variable is shown as you typed it. When a test fails, the message says what to check first, such as the key, the base URL or the deployment name, and how long to wait when the provider asks you to slow down.`,
  code: `export async function retry<T>(attempt: () => Promise<T>, times = 3, delayMs = 250): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < times; i++) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      if (i + 1 < times) await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** i));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

const results = await Promise.all(files.map(async (file) => ({ file, size: (await stat(file)).size })));
console.log(results.filter((r) => r.size > 1024).map((r) => \`\${r.file}: \${r.size}\`).join('\\n'));`,
  json: JSON.stringify(
    {
      id: 'chatcmpl-9x8y7z',
      object: 'chat.completion',
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }] }, finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99 },
      settings: { endpoint: 'https://my-resource.openai.azure.com', apiVersion: '2024-10-21', retries: [100, 200, 400, 800], enabled: true },
    },
    null,
    2,
  ),
  markdown: `## Installing\n\n1. Run \`npm ci\` in the project folder.\n2. Build with \`npm run package\`; the file \`ai-connections-0.1.0.vsix\` appears.\n3. In VS Code, open the command palette and pick **Extensions: Install from VSIX…**.\n\n| Setting | Default |\n| --- | --- |\n| \`aiConnections.test.timeoutSeconds\` | \`10\` |\n| \`aiConnections.test.concurrency\` | \`4\` |\n\n> Keys stay on this machine and are never synced.`,
  german: `Die Verbindungsansicht listet alle Anbieterkonten auf, die Sie hinzugefügt haben, gruppiert nach dem Ort, an dem sie gespeichert sind. Schlägt ein Test fehl, sagt die Meldung, was zuerst zu prüfen ist: der Schlüssel, die Basis-URL oder der Name der Bereitstellung.`,
  french: `La vue des connexions affiche chaque compte de fournisseur que vous avez ajouté, regroupé selon l'endroit où il est enregistré. Lorsqu'un test échoue, le message indique ce qu'il faut vérifier d'abord : la clé, l'URL de base ou le nom du déploiement.`,
  russian: `В представлении подключений перечислены все учётные записи поставщиков, которые вы добавили, сгруппированные по месту хранения. Если проверка не удалась, сообщение подскажет, что проверить сначала: ключ, базовый адрес или имя развёртывания.`,
  chinese: `连接视图列出了您添加的每个服务提供商账户，并按存储位置分组。每一项都显示名称、别名和提供商，悬停时会显示它所使用的设置。密钥从不显示：已存储的密钥以掩码形式出现。测试失败时，消息会说明首先需要检查什么，例如密钥、基础网址或部署名称。`,
  japanese: `接続ビューには、追加したすべてのプロバイダーアカウントが保存場所ごとに表示されます。テストに失敗した場合は、最初に確認すべき点として、キー、ベースURL、またはデプロイ名がメッセージに示されます。キーが表示されることはありません。`,
  korean: `연결 보기에는 추가한 모든 공급자 계정이 저장된 위치별로 표시됩니다. 테스트에 실패하면 먼저 확인할 항목으로 키, 기본 URL 또는 배포 이름이 메시지에 표시됩니다. 키는 절대 표시되지 않습니다.`,
};
