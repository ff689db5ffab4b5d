import { Inject, Injectable } from '@nestjs/common';
import { DecisionRepository } from '../../core/decisions/decision.repository';
import { ImageStore } from './storage/image-store';
import { KeptImage, readKeptImage } from './storage/read-kept-image';
import { StoredImageRepository } from './storage/stored-image.repository';
import { IMAGE_STORE } from './storage/storage.tokens';

/**
 * A decision's retained image, for reviewers and admins looking at past traffic (search hits,
 * similar items). Unlike an item's image it needs no lease: the caller may already search every
 * decision, and only pictures kept for a review are in the store at all.
 */
@Injectable()
export class DecisionImagesService {
  constructor(
    private readonly decisions: DecisionRepository,
    private readonly ledger: StoredImageRepository,
    @Inject(IMAGE_STORE) private readonly images: ImageStore,
  ) {}

  /** DECISION_NOT_FOUND, IMAGE_NOT_STORED or IMAGE_PURGED when there is nothing to show. */
  async image(decisionId: string): Promise<KeptImage> {
    const decision = await this.decisions.getById(decisionId);
    const sha256 = decision.content.sha256;
    return readKeptImage(this.images, sha256, await this.ledger.find(sha256));
  }
}
