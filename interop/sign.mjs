// Signs Concord commands with viem, a real wallet library, so the test suite
// proves that any standard wallet can produce envelopes the hub accepts.
//
// stdin:  {"privateKey": "0x…", "domain": {name, version, chainId, verifyingContract},
//          "commands": [{"nonce": 0, "kind": "transfer", "body": "{…}"}, …]}
// stdout: {"address": "0x…", "envelopes": [{domain, account, nonce, kind, body, signature, digest}, …]}
import { privateKeyToAccount } from "viem/accounts";
import { hashTypedData } from "viem";

const commandTypes = {
  Command: [
    { name: "account", type: "address" },
    { name: "nonce", type: "uint64" },
    { name: "kind", type: "string" },
    { name: "body", type: "string" },
  ],
};
// Votes (kind "cast-vote") have their own type, like Snapshot's.
const voteTypes = {
  Vote: [
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint64" },
    { name: "alliance", type: "string" },
    { name: "proposal", type: "uint64" },
    { name: "choice", type: "string" },
    { name: "reason", type: "string" },
  ],
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const account = privateKeyToAccount(request.privateKey);
const domain = { ...request.domain, chainId: BigInt(request.domain.chainId) };

const envelopes = [];
for (const c of request.commands) {
  let typed;
  if (c.kind === "cast-vote") {
    const vote = JSON.parse(c.body);
    typed = {
      types: voteTypes,
      primaryType: "Vote",
      message: {
        voter: account.address,
        nonce: BigInt(c.nonce),
        alliance: vote.alliance,
        proposal: BigInt(vote.proposal),
        choice: vote.choice,
        reason: vote.reason ?? "",
      },
    };
  } else {
    typed = {
      types: commandTypes,
      primaryType: "Command",
      message: { account: account.address, nonce: BigInt(c.nonce), kind: c.kind, body: c.body },
    };
  }
  const signature = await account.signTypedData({ domain, ...typed });
  const digest = hashTypedData({ domain, ...typed });
  envelopes.push({
    domain: request.domain,
    account: account.address,
    nonce: c.nonce,
    kind: c.kind,
    body: c.body,
    signature,
    digest,
  });
}
process.stdout.write(JSON.stringify({ address: account.address, envelopes }));
