export { callUnary, CLIENT_OPTIONS, insecureCredentials } from './client.ts';
export { clientStreamHandler, serverStreamHandler, unaryHandler, type HandlerContext } from './handlers.ts';
export {
  analysisFromWire,
  analysisToWire,
  contextFromWire,
  contextToWire,
  proposalFromWire,
  proposalToWire,
  sourceFromWire,
  sourceToWire,
} from './mapping.ts';
export { configFromWire, configToWire } from './config-mapping.ts';
export {
  constraintsFromWire,
  constraintsToWire,
  objectiveFromWire,
  objectiveToWire,
  predictionCheckFromWire,
  predictionCheckToWire,
  predictionFromWire,
  predictionToWire,
} from './objective-mapping.ts';
export { resultFromWire, resultToWire, vmafFromWire, vmafOptionsFromWire, vmafOptionsToWire, vmafToWire } from './result-mapping.ts';
export { offerFromWire, offerToWire, sourceDescriptionFromWire, sourceDescriptionToWire } from './runner-mapping.ts';
export { startGrpcServer, type RunningGrpcServer } from './server.ts';
export { fromGrpcError, GRPC_STATUS_BY_KIND, grpcStatusName, toGrpcStatus } from './status.ts';
export { HTTP_STATUS_BY_KIND, installHttpErrorHandling, toHttpError, type ErrorBody } from './http-errors.ts';
export { uploadThrough } from './upload-client.ts';
