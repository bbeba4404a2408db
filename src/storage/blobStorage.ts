import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobJournal } from './blobJournal';
import { BlobStorageError } from './blobErrors';
import { BlobRunStore } from './blobRunStore';
import type { StorageLogger } from './logger';
import { StorageSpecError } from './storageSpec';

/** Connects to the container (creating it if needed) and builds the blob run store and journal on it. */
export async function openBlobStorage(
  connectionString: string,
  containerName: string,
  location: string,
  logger?: StorageLogger,
): Promise<{ runs: BlobRunStore; journal: BlobJournal; container: ContainerClient }> {
  let container: ContainerClient;
  try {
    container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  } catch {
    // The SDK's parse errors can quote the connection string, so its message is not passed on.
    throw new StorageSpecError(
      'blob: the Azure SDK cannot use this connection string; give DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net, or BlobEndpoint=https://…;SharedAccessSignature=…, or UseDevelopmentStorage=true',
    );
  }
  try {
    await container.createIfNotExists();
  } catch (e) {
    throw new BlobStorageError('opening the container', location, e);
  }
  return { runs: new BlobRunStore(container, location), journal: new BlobJournal(container, { logger, location }), container };
}
