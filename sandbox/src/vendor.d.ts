// @apigrate/autotask-restapi ships no types; its tests describe the parts they use.
declare module '@apigrate/autotask-restapi';
