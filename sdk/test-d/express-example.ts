// The README's Express example (README.md "An Express app" and sdk/README.md), type-checked by
// `npm run typecheck`; sdk/test/readme-examples.spec.ts fails when either README's copy differs
// from what follows this comment.

import express from 'express';
import multer from 'multer';
import { ModerationClient } from '@clip-moderation/sdk';
import { moderateUploads, verifyWebhookRequests } from '@clip-moderation/sdk/express';

// Your app's own record of uploads.
declare function markUpload(decisionId: string, action: 'allow' | 'review' | 'block'): Promise<void>;

const client = new ModerationClient({ baseUrl: 'http://moderation:3000', apiKey: process.env.MODERATION_KEY });
const app = express();
app.post('/avatar', multer().single('file'), moderateUploads({ client, field: 'file', policy: 'default' }), (req, res) => {
  // Already answered: 400 UPLOAD_MISSING without a file, 422 CONTENT_BLOCKED (no scores) for a
  // block, 503 MODERATION_UNAVAILABLE when the server cannot be reached. Here: allow or review.
  res.status(201).json({ pendingReview: req.moderation?.decision?.action === 'review' });
});
// Webhooks: reads the raw body itself; a bad or missing signature is answered 401 JSON.
app.post('/moderation-events', verifyWebhookRequests({ secret: process.env.MODERATION_WEBHOOK_SECRET! }), async (req, res) => {
  const event = req.moderationEvent!;
  await markUpload(event.decision.id, event.decision.action);
  res.sendStatus(204);
});
app.listen(8080);
